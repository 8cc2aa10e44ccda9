/**
 * The research notebooks: `deno task notebooks` executes all four headless
 * in quick mode with the Deno kernel, each shows its figures, notebook 3
 * writes a run folder and notebook 4 its report files, and the executed
 * notebooks converted to HTML draw their plots in a real browser with no
 * network. Skips without jupyter-nbconvert, the Deno kernel, the data or
 * Chromium; fails on CI.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { jupyterProblem, listNotebooks, NOTEBOOKS_DIR, stripOutputs } from "../cli/notebooks.ts";
import { withBrowser } from "../lib/report/_browser.ts";
import { checkPage } from "../lib/report/_browser_testing.ts";
import { needsChromium } from "../lib/report/_chromium_requirement.ts";
import { runCli } from "./cli.ts";
import { assertPngHasContent } from "./png_content.ts";
import { needsBoth, needsRavdess, type Requirement, testWith } from "./requirements.ts";

const PLOTLY = "application/vnd.plotly.v1+json";

/** jupyter-nbconvert and the Deno kernel. */
async function needsJupyter(): Promise<Requirement<true>> {
  const problem = await jupyterProblem();
  return {
    name: "jupyter-nbconvert with the Deno kernel",
    value: problem === null ? true : null,
    hint: problem ?? "",
  };
}

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: Output[];
  execution_count?: number | null;
}

async function readNotebook(path: string): Promise<{ cells: Cell[] }> {
  return JSON.parse(await Deno.readTextFile(path));
}

const text = (source: string | string[]) => Array.isArray(source) ? source.join("") : source;
/** An output's HTML (nbformat stores long strings as lists of lines). */
const html = (output: Output) => text((output.data?.["text/html"] ?? "") as string | string[]);

/** Plots each executed notebook must show at least (figures of one run in 04). */
const MIN_PLOTS: Record<string, number> = {
  "01_eda.ipynb": 7,
  "02_augmentation.ipynb": 6,
  "03_training.ipynb": 1,
  "04_evaluation.ipynb": 5,
};

Deno.test("notebooks/ holds the four notebooks, committed without outputs", async () => {
  assertEquals(await listNotebooks(), Object.keys(MIN_PLOTS));
  for (const name of await listNotebooks()) {
    const notebook = await readNotebook(join(NOTEBOOKS_DIR, name));
    const kernel = (notebook as unknown as { metadata: { kernelspec: { name: string } } }).metadata
      .kernelspec.name;
    assertEquals(kernel, "deno", name);
    for (const cell of notebook.cells.filter((c) => c.cell_type === "code")) {
      assertEquals([cell.outputs, cell.execution_count], [[], null], `${name}: run --strip`);
    }
    // The first code cell reads quick mode: deno task notebooks relies on it.
    const first = notebook.cells.find((c) => c.cell_type === "code")!;
    assert(text(first.source).includes(`Deno.env.get("SERLAB_QUICK") === "1"`), name);
  }
});

Deno.test("stripOutputs() empties outputs and execution counts, and nothing else", () => {
  const executed = JSON.stringify({
    cells: [
      { cell_type: "markdown", id: "a", metadata: {}, source: ["# x"] },
      {
        cell_type: "code",
        id: "b",
        metadata: {},
        source: ["1"],
        execution_count: 3,
        outputs: [{ output_type: "execute_result", data: { "text/plain": "1" } }],
      },
    ],
    metadata: { kernelspec: { name: "deno" } },
    nbformat: 4,
    nbformat_minor: 5,
  });
  const { text: stripped, changed } = stripOutputs(executed);
  assert(changed);
  const notebook = JSON.parse(stripped);
  assertEquals(notebook.cells[1].outputs, []);
  assertEquals(notebook.cells[1].execution_count, null);
  assertEquals(notebook.cells[0], {
    cell_type: "markdown",
    id: "a",
    metadata: {},
    source: ["# x"],
  });
  assertEquals(stripOutputs(stripped), { text: stripped, changed: false });
});

const jupyter = await needsJupyter();
const both = needsBoth(jupyter, needsRavdess());
let executedDir: string | null = null;

testWith(
  "deno task notebooks runs every notebook in quick mode with its figures and files",
  both,
  async (
    _,
    t,
  ) => {
    const out = await Deno.makeTempDir({ prefix: "serlab-notebooks-test-" });
    const run = await runCli("cli/notebooks.ts", ["--out", out, "--html"]);
    assertEquals(run.code, 0, run.stdout + run.stderr);
    assert(run.stdout.includes("4 passed, 0 failed"), run.stdout);
    executedDir = out;

    for (const name of Object.keys(MIN_PLOTS)) {
      await t.step(`${name} ran every cell and showed its figures`, async () => {
        const { cells } = await readNotebook(join(out, name));
        const code = cells.filter((c) => c.cell_type === "code");
        const outputs = code.flatMap((c) => c.outputs ?? []);
        assertEquals(outputs.filter((o) => o.output_type === "error"), []);
        const plots = outputs.filter((o) => o.data?.[PLOTLY] !== undefined);
        assert(plots.length >= MIN_PLOTS[name], `${name}: ${plots.length} plots`);
        for (const plot of plots) assert(html(plot).includes('class="serlab-plot"'));
        // Every cell that shows something kept its output (the kernel's late
        // messages are the failure this catches).
        for (const cell of code.filter((c) => text(c.source).includes("await show("))) {
          const shown = (cell.outputs ?? []).filter((o) => o.output_type === "display_data");
          assert(shown.length > 0, `${name}: no output from\n${text(cell.source).slice(0, 200)}`);
        }
      });
    }

    await t.step("03 wrote a complete run folder", async () => {
      const runDir = join(out, "outputs", "notebook-03");
      for (const file of ["config.json", "split.json", "history.json", "predictions.csv"]) {
        await Deno.stat(join(runDir, file));
      }
      for (const file of ["model.json", "weights.bin", "serlab.json"]) {
        await Deno.stat(join(runDir, "model", file));
      }
      const metrics = JSON.parse(await Deno.readTextFile(join(runDir, "metrics.json")));
      assert(metrics.n > 0 && metrics.accuracy >= 0 && metrics.accuracy <= 1);
      const history = JSON.parse(await Deno.readTextFile(join(runDir, "history.json")));
      assertEquals(history.length, 2);
      const { cells } = await readNotebook(join(out, "03_training.ipynb"));
      const live = cells.flatMap((c) => c.outputs ?? []).find((o) =>
        html(o).includes('class="serlab-training"')
      );
      assert(live !== undefined, "no live training display");
      const final = html(live);
      assertEquals(final.split("<tr>").length - 1, 3, "a row per epoch"); // head + 2 epochs
      assert(final.includes("Best epoch"), "final state not shown");
    });

    await t.step("04 wrote its report pages (and PNGs when a browser is installed)", async () => {
      const reports = join(out, "outputs", "reports");
      for (const file of ["plotly.min.js", "comparison.html", "notebook-03/report.html"]) {
        await Deno.stat(join(reports, file));
      }
      const report = await Deno.readTextFile(join(reports, "notebook-03", "report.html"));
      assert(report.includes('<script src="../plotly.min.js"></script>'));
      if (needsChromium().value !== null) {
        for (const png of ["confusion.png", "genderBias.png", "trainingCurves.png"]) {
          assertPngHasContent(await Deno.readFile(join(reports, "notebook-03", png)), png);
        }
      }
    });
    // The browser test below reads the HTML pages, then removes the folder.
    if (needsChromium().value === null) await Deno.remove(out, { recursive: true });
  },
);

testWith(
  "the executed notebooks as HTML draw their plots offline in Chromium",
  needsBoth(both, needsChromium()),
  async ([, chromium], t) => {
    assert(executedDir !== null, "the notebooks did not run (see the test above)");
    await withBrowser(chromium, "open the notebooks", async (browser) => {
      for (const name of Object.keys(MIN_PLOTS)) {
        await t.step(name, async () => {
          const page = join(executedDir!, name.replace(/\.ipynb$/, ".html"));
          const check = await checkPage(browser, pathToFileURL(page).href, "file://");
          assertEquals(check.problems, []);
          assert(check.plots.length >= MIN_PLOTS[name], `${check.plots.length} plots`);
          assertEquals(check.drawn, check.plots);
        });
      }
    });
    await Deno.remove(executedDir!, { recursive: true });
  },
);
