import { assertEquals } from "@std/assert";
import { join } from "node:path";
import { followSlurm, type SlurmTaskState } from "./follow_slurm.ts";

/**
 * Runs `fn` with stand-ins for squeue and scontrol first on PATH: squeue
 * prints the n-th of `polls` at its n-th call (then the last); scontrol knows
 * the tasks in `scontrol`.
 */
async function withFakeSlurm(
  polls: string[],
  scontrol: Record<string, string>,
  fn: () => Promise<void>,
) {
  const dir = await Deno.makeTempDir({ prefix: "serlab-fake-slurm-" });
  const path = Deno.env.get("PATH") ?? "";
  polls.forEach((text, i) => Deno.writeTextFileSync(join(dir, `poll-${i}`), text));
  await Deno.writeTextFile(
    join(dir, "squeue"),
    `#!/bin/bash
n=$(cat "${dir}/count" 2>/dev/null || echo 0); echo $((n + 1)) > "${dir}/count"
f="${dir}/poll-$n"; [ -f "$f" ] || f="${dir}/poll-${polls.length - 1}"
cat "$f"
`,
    { mode: 0o755 },
  );
  const cases = Object.entries(scontrol).map(([id, line]) => `  ${id}) echo '${line}' ;;`);
  await Deno.writeTextFile(
    join(dir, "scontrol"),
    `#!/bin/bash
case "$4" in
${cases.join("\n")}
  *) echo "slurm_load_jobs error: Invalid job id specified" >&2; exit 1 ;;
esac
`,
    { mode: 0o755 },
  );
  Deno.env.set("PATH", `${dir}:${path}`);
  try {
    await fn();
  } finally {
    Deno.env.set("PATH", path);
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("followSlurm() reports each change until every task is final", async () => {
  await withFakeSlurm(
    [
      "0|RUNNING\n1|PENDING\n2|PENDING\n3|PENDING\n",
      "0|COMPLETED\n1|RUNNING\n2|RUNNING\n",
      "0|COMPLETED\n1|CANCELLED\n2|COMPLETED\n",
    ],
    { "7_1": "JobId=9 ArrayJobId=7 ArrayTaskId=1 JobState=CANCELLED Reason=None ExitCode=0:15" },
    async () => {
      const seen: string[] = [];
      const complete = new Set([3]); // gone from squeue; its run folder says it completed
      const states = await followSlurm([{ jobId: "7", indices: [0, 1, 2, 3] }], {
        intervalMs: 1,
        isComplete: (i) => Promise.resolve(complete.has(i)),
        onChange: (task) => seen.push(`${task.index} ${task.state}`),
      });
      assertEquals(seen, [
        "0 RUNNING",
        "1 PENDING",
        "2 PENDING",
        "3 PENDING",
        "0 COMPLETED",
        "1 RUNNING",
        "2 RUNNING",
        "3 COMPLETED",
        "1 CANCELLED",
        "2 COMPLETED",
      ]);
      assertEquals(
        states.get(1),
        {
          index: 1,
          jobId: "7",
          state: "CANCELLED",
          exitCode: "0:15",
        } satisfies SlurmTaskState,
      );
    },
  );
});

Deno.test("followSlurm() calls a task no longer known and not complete GONE", async () => {
  await withFakeSlurm([""], {}, async () => {
    const states = await followSlurm([{ jobId: "8", indices: [0] }], { intervalMs: 1 });
    assertEquals(states.get(0)?.state, "GONE");
  });
});

Deno.test("followSlurm() stops when aborted and returns what it saw", async () => {
  await withFakeSlurm(["0|RUNNING\n"], {}, async () => {
    const controller = new AbortController();
    const states = await followSlurm([{ jobId: "9", indices: [0] }], {
      intervalMs: 60_000,
      signal: controller.signal,
      onChange: () => controller.abort(),
    });
    assertEquals(states.get(0)?.state, "RUNNING");
  });
});
