import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { arraySpec } from "./_slurm.ts";
import { sbatchScript } from "./sbatch_script.ts";

Deno.test("sbatchScript() writes every option as an #SBATCH line", () => {
  const script = sbatchScript("/scratch/my sweep", 10, {
    indices: [1, 2, 3, 7],
    partition: "cpu",
    time: "00:30:00",
    cpusPerTask: 2,
    mem: "4G",
    account: "ser",
    jobs: 3,
    extra: ["--qos=short", "--gres", "gpu:1", "--exclusive"],
    cwd: "/home/me/serlab",
    denoDir: "/home/me/.deno-npm/node_modules/.bin",
  });
  const directives = script.split("\n").filter((line) => line.startsWith("#SBATCH "));
  assertEquals(directives, [
    "#SBATCH --job-name=serlab-sweep",
    "#SBATCH --array=1-3,7%3",
    "#SBATCH --output=/scratch/my sweep/logs/task-%a.log",
    "#SBATCH --open-mode=append",
    "#SBATCH --chdir=/home/me/serlab",
    "#SBATCH --partition=cpu",
    "#SBATCH --time=00:30:00",
    "#SBATCH --cpus-per-task=2",
    "#SBATCH --mem=4G",
    "#SBATCH --account=ser",
    "#SBATCH --qos=short",
    "#SBATCH --gres gpu:1",
    "#SBATCH --exclusive",
  ]);
  assertStringIncludes(script, "export PATH='/home/me/.deno-npm/node_modules/.bin':\"$PATH\"\n");
  assertStringIncludes(
    script,
    `exec deno task train --sweep '/scratch/my sweep' --task "$SLURM_ARRAY_TASK_ID"\n`,
  );
  assertEquals(script.split("\n")[0], "#!/bin/bash");
});

Deno.test("sbatchScript() rejects indices outside the sweep", () => {
  assertThrows(() => sbatchScript("/s", 0), RangeError, "taskCount must be >= 1");
  assertThrows(() => sbatchScript("/s", 4, { indices: [4] }), RangeError, "from 0 to 3");
});

Deno.test("arraySpec() writes runs of indices as ranges", () => {
  assertEquals(arraySpec([0, 1, 2, 3]), "0-3");
  assertEquals(arraySpec([5, 0, 2, 1]), "0-2,5");
  assertEquals(arraySpec([3]), "3");
  assertEquals(arraySpec([0, 2, 4], 2), "0,2,4%2");
});
