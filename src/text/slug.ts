/**
 * Repository names as GitHub allows them: an owner of letters, digits and single dashes (at most 39), a name of
 * letters, digits, `.`, `-` and `_` (at most 100) that is not `.` or `..`. Checked before any request is built
 * from text an issue, a comment or a config wrote.
 */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const NAME = /^[\w.-]{1,100}$/;

export function isRepoSlug(slug: string): boolean {
  const parts = slug.split("/");
  if (parts.length !== 2) return false;
  const [owner = "", name = ""] = parts;
  return OWNER.test(owner) && NAME.test(name) && name !== "." && name !== "..";
}
