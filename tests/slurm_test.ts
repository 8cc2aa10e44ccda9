/**
 * `deno task sweep --slurm` on a real single-node Slurm started by
 * `.ci/slurm/start.sh` (and always stopped by `.ci/slurm/stop.sh`): a quick
 * sweep (2 folds × 2 learning rates, actors 1-6, one epoch, tiny widths)
 * gives, task by task, the same metrics.json and predictions.csv bytes as the
 * same sweep run by the local executor; an array task cancelled mid-run with
 * `scancel <job>_<i>` is resubmitted alone by `--resume`, which ends with the
 * same bytes again.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import type { SweepSpec } from "../lib/sweep/types.ts";
import { repoRoot, runCli } from "./cli.ts";
import { QUICK } from "./_sweep_testing.ts";
import { needsBoth, needsRavdess, type Requirement, testWith } from "./requirements.ts";

/** Slurm's daemons and client (Debian: slurmctld slurmd slurm-client munge). */
function needsSlurm(): Requirement<string> {
  const found = ["slurmctld", "slurmd", "sbatch", "munged"].every((name) =>
    ["/usr/sbin", "/usr/bin", "/sbin", "/bin", ...(Deno.env.get("PATH") ?? "").split(":")]
      .some((folder) => {
        try {
          return Deno.statSync(join(folder, name)).isFile;
        } catch {
          return false;
        }
      })
  );
  return {
    name: "Slurm",
    value: found ? join(repoRoot, ".ci", "slurm") : null,
    hint: "apt-get install slurmctld slurmd slurm-client munge",
  };
}

async function bash(script: string, args: string[]): Promise<string> {
  const out = await new Deno.Command("bash", {
    args: [script, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${script} failed: ${text.trim()}`);
  return text;
}

/** Each task's metrics.json and predictions.csv, in task order. */
async function taskBytes(dir: string): Promise<Record<string, string>> {
  const spec: SweepSpec = JSON.parse(await Deno.readTextFile(join(dir, "sweep.json")));
  const out: Record<string, string> = {};
  for (const task of spec.tasks) {
    for (const file of ["metrics.json", "predictions.csv"]) {
      out[`task ${task.index} ${file}`] = await Deno.readTextFile(join(dir, task.runDir, file));
    }
  }
  return out;
}

async function waitFor(test: () => Promise<boolean>, seconds: number, what: string) {
  const end = Date.now() + seconds * 1000;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

testWith(
  "deno task sweep --slurm gives the local executor's bytes, and --resume completes a cancelled array task",
  needsBoth(needsSlurm(), needsRavdess()),
  async ([slurmDir, data], t) => {
    const dir = await Deno.makeTempDir({ prefix: "serlab-slurm-" });
    const state = join(dir, "slurm");
    const env = { SLURM_CONF: join(state, "slurm.conf"), SERLAB_SWEEP_POLL_MS: "500" };
    try {
      await bash(join(slurmDir, "start.sh"), [state]);
      const local = join(dir, "local");
      const run = await runCli("cli/sweep.ts", ["--data", data, "--out", local, ...QUICK]);
      assertEquals(run.code, 0, run.stderr);
      const expected = await taskBytes(local);

      await t.step("the same sweep through Slurm, byte for byte", async () => {
        const out = join(dir, "slurm-sweep");
        const run = await runCli(
          "cli/sweep.ts",
          ["--data", data, "--out", out, "--slurm", ...QUICK],
          env,
        );
        assertEquals(run.code, 0, run.stdout + run.stderr);
        assertMatch(run.stdout, /submitted array job \d+: tasks 0,1,2,3/);
        for (let i = 0; i < 4; i++) assertMatch(run.stdout, new RegExp(`task ${i} .*COMPLETED`));
        assertStringIncludes(run.stdout, "all 4 tasks complete");
        const script = await Deno.readTextFile(join(out, "sweep.sbatch"));
        assertStringIncludes(script, "#SBATCH --array=0-3\n");
        assertStringIncludes(script, `#SBATCH --output=${out}/logs/task-%a.log\n`);
        assertStringIncludes(await Deno.readTextFile(join(out, "logs", "task-3.log")), "Slurm job");
        assertEquals(await taskBytes(out), expected);
      });

      await t.step("scancel of one array task mid-run, then --resume", async () => {
        const out = join(dir, "cancelled");
        const child = new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "-A",
            join(repoRoot, "cli/sweep.ts"),
            "--data",
            data,
            "--out",
            out,
            "--slurm",
            ...QUICK,
          ],
          cwd: repoRoot,
          env: { NO_COLOR: "1", ...env },
          stdout: "piped",
          stderr: "piped",
        }).spawn();
        const output = child.output();
        try {
          // Task 1 is mid-run once its log says which run folder it trains in.
          const log = join(out, "logs", "task-1.log");
          await waitFor(
            () => Deno.readTextFile(log).then((text) => /^run /m.test(text), () => false),
            300,
            "task 1 to start training",
          );
          const slurm = JSON.parse(await Deno.readTextFile(join(out, "slurm.json")));
          const cancel = await new Deno.Command("scancel", {
            args: [`${slurm.submissions[0].jobId}_1`],
            env,
            stderr: "piped",
          }).output();
          assert(cancel.success, new TextDecoder().decode(cancel.stderr));
        } catch (error) {
          child.kill();
          await output;
          throw error;
        }
        const first = await output;
        const stdout = new TextDecoder().decode(first.stdout);
        const stderr = new TextDecoder().decode(first.stderr);
        assertEquals(first.code, 1, stdout + stderr);
        assertMatch(stdout, /task 1 \(train.learningRate=0.001, fold 2\): CANCELLED/);
        const errors = stderr.split("\n").filter((line) => line.startsWith("error:"));
        assertEquals(errors.length, 1, stderr);
        assertStringIncludes(errors[0], "1 of 4 tasks did not complete (1)");
        assertStringIncludes(errors[0], `deno task sweep --resume ${out}`);
        // Cancelled after its run folder was made, before it was complete.
        await Deno.stat(join(out, "runs", "point-0", "fold-2", "config.json"));
        await Deno.stat(join(out, "runs", "point-0", "fold-2", "metrics.json")).then(
          () => assert(false, "the cancelled task completed"),
          () => {},
        );

        const resumed = await runCli("cli/sweep.ts", ["--resume", out], env);
        assertEquals(resumed.code, 0, resumed.stdout + resumed.stderr);
        assertStringIncludes(resumed.stdout, "3 of 4 complete");
        assertMatch(resumed.stdout, /task 1 \(train.learningRate=0.001, fold 2\): .*CANCELLED/);
        assertMatch(resumed.stdout, /submitted array job \d+: tasks 1 /);
        assertStringIncludes(
          await Deno.readTextFile(join(out, "sweep.sbatch")),
          "#SBATCH --array=1\n",
        );
        assertStringIncludes(
          await Deno.readTextFile(join(out, "logs", "task-1.log")),
          `resuming ${out}/runs/point-0/fold-2`,
        );
        assertEquals(await taskBytes(out), expected);
        // The point's pooled k-fold files equal the local sweep's.
        for (const file of ["metrics.json", "predictions.csv"]) {
          assertEquals(
            await Deno.readTextFile(join(out, "runs", "point-0", file)),
            await Deno.readTextFile(join(local, "runs", "point-0", file)),
          );
        }
      });
    } finally {
      await bash(join(slurmDir, "stop.sh"), [state]);
      await Deno.remove(dir, { recursive: true });
    }
  },
);
