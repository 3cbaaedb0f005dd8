import { describe, expect, it } from "vitest";
import { apiRefsOf, moduleOf } from "../../src/document/api-refs.js";
import { analyzeOffline } from "../helpers/offline.js";

const CLIENT = `"""The HTTP client."""


class Client:
    """A client for the Acme API.

    Send a request and retires up to three times when the server is busy.
    """

    def get(self, url):
        """Fetch a URL and return the response."""
`;

const ISSUE = {
  title: "Typo in the Client API docs",
  body: 'The API reference of Client says:\n\n> Send a request and retires up to three times when the server is busy.\n\n"retires" should be "retries".',
};

describe("API pages rendered from docstrings", () => {
  it("reads the names that autodoc, MyST and mkdocstrings render, with .. currentmodule:: for short names", () => {
    const rst =
      ".. currentmodule:: acme.client\n\n.. autoclass:: Client\n   :members:\n\n.. autofunction:: acme.util.retry\n";
    expect(apiRefsOf(rst).map((r) => [r.name, r.directive, r.line])).toEqual([
      ["acme.client.Client", "autoclass", 3],
      ["acme.util.retry", "autofunction", 6],
    ]);
    expect(
      apiRefsOf("# API\n\n```{autoclass} acme.client.Client\n```\n\n::: acme.client.Client\n").map(
        (r) => r.directive,
      ),
    ).toEqual(["autoclass", "mkdocstrings"]);
    expect(
      moduleOf("acme.client.Client.get", new Set(["src/acme/client.py", "src/acme/__init__.py"])),
    ).toEqual({
      path: "src/acme/client.py",
      symbol: ["Client", "get"],
    });
    expect(moduleOf("other.Thing", new Set(["src/acme/client.py"]))).toBeNull();
  });

  it("Sphinx autodoc: the quoted sentence is in the module's docstring, so the module is the file to fix", async () => {
    const result = await analyzeOffline({
      issue: ISSUE,
      docs: {
        "docs/conf.py": "project = 'acme'\nextensions = ['sphinx.ext.autodoc']\n",
        "docs/index.rst": "Acme\n====\n\n.. toctree::\n\n   api\n",
        "docs/api.rst": "API\n===\n\n.. currentmodule:: acme.client\n\n.. autoclass:: Client\n   :members:\n",
        "src/acme/__init__.py": "",
        "src/acme/client.py": CLIENT,
      },
    });
    const top = result.analysis.affectedPages[0];
    expect(top?.sourcePath).toBe("src/acme/client.py");
    expect(top?.lines).toEqual({ start: 7, end: 7 });
    expect(top?.reasons[0]).toContain("docstring of Client in src/acme/client.py");
    // The stated correction is drafted in the docstring, not in the page.
    expect(result.patch?.files.map((f) => f.path)).toEqual(["src/acme/client.py"]);
    expect(result.patch?.files[0]?.diff).toContain("+    Send a request and retries up to three times");
  });

  it("mkdocstrings: the same, from a ::: block", async () => {
    const result = await analyzeOffline({
      issue: ISSUE,
      docs: {
        "mkdocs.yml": "site_name: Acme\nplugins:\n  - mkdocstrings\n",
        "docs/index.md": "# Acme\n",
        "docs/api.md": "# API\n\n::: acme.client.Client\n",
        "acme/client.py": CLIENT,
      },
    });
    expect(result.analysis.affectedPages[0]?.sourcePath).toBe("acme/client.py");
  });
});

describe("a package that re-exports what its API page renders", () => {
  it("leads to the submodule that defines it, ahead of a guide that only shares its words", async () => {
    const result = await analyzeOffline({
      issue: {
        title: "confirm_option docstring is misleading",
        body: "The API docs for confirm_option say:\n\n> Add a --yes option which shows a prompt before continuing if passed.\n\nThe prompt is shown when it is not passed.",
      },
      docs: {
        "docs/conf.py": "extensions = ['myst_parser', 'sphinx.ext.autodoc']\n",
        "docs/index.md": "# Acme\n",
        "docs/options.md": "# Options\n\n## The confirm option\n\nUse the --yes option to skip the prompt.\n",
        "docs/api.md":
          "# API\n\n```{currentmodule} acme\n```\n\n```{eval-rst}\n.. autofunction:: command\n\n.. autofunction:: confirm_option\n```\n",
        "src/acme/__init__.py":
          "from .decorators import command as command\nfrom .decorators import confirm_option as confirm_option\n",
        "src/acme/decorators.py": [
          "def command(f):",
          '    """Make a command."""',
          "    return f",
          "",
          "",
          "def confirm_option():",
          '    """Add a --yes option which shows a prompt before continuing if passed."""',
          "",
        ].join("\n"),
      },
    });
    const top = result.analysis.affectedPages[0];
    expect(top?.sourcePath).toBe("src/acme/decorators.py");
    expect(top?.lines).toEqual({ start: 7, end: 7 });
    expect(top?.reasons[0]).toContain("the docstring of confirm_option in src/acme/decorators.py");
  });
});

describe("a URL anchor that names an API object (#pkg.mod.Class.method)", () => {
  it("leads to the module and the line that defines it", async () => {
    const result = await analyzeOffline({
      issue: {
        title: "Client.get does not say what it returns",
        body: "https://acme.dev/api/#acme.client.Client.get does not say what it returns.",
      },
      config: { docs: { siteUrl: "https://acme.dev/" } },
      docs: {
        "docs/conf.py": "project = 'acme'\nextensions = ['sphinx.ext.autodoc']\n",
        "docs/index.rst": "Acme\n====\n\n.. toctree::\n\n   api\n",
        "docs/api.rst": "API\n===\n\n.. autoclass:: acme.client.Client\n   :members:\n",
        "src/acme/__init__.py": "",
        "src/acme/client.py": CLIENT,
      },
    });
    const top = result.analysis.affectedPages[0];
    expect(top?.sourcePath).toBe("src/acme/client.py");
    expect(top?.lines).toEqual({ start: 10, end: 10 });
    expect(top?.reasons[0]).toContain("the URL's anchor names acme.client.Client.get");
  });
});

describe("a patch of a module", () => {
  it("may change its docstrings, never its code", async () => {
    const { formatRefusal } = await import("../../src/patch/check.js");
    const fixed = CLIENT.replace("retires", "retries");
    expect(formatRefusal("src/acme/client.py", CLIENT, fixed)).toBeNull();
    const code = CLIENT.replace("def get(self, url):", "def get(self, url, retries=3):");
    expect(formatRefusal("src/acme/client.py", CLIENT, code)).toBe(
      "the patch changes code, not only a docstring",
    );
  });
});
