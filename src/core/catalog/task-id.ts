/** Task statement ids: `<exam>:<domain>.<subdomain part>.<n>`, e.g. "issmp:3.3.2" or "cism:1.A.2". */

/** "issmp:3.3.2" → { exam: "issmp", domain: "3", subdomain: "3.3", number: "3.3.2" }. */
export function taskParts(task: string): { exam: string; domain: string; subdomain: string; number: string } {
  const colon = task.indexOf(":");
  const exam = colon < 0 ? task : task.slice(0, colon);
  const number = colon < 0 ? "" : task.slice(colon + 1);
  const [d, s] = number.split(".");
  return { exam, domain: d ?? "", subdomain: `${d}.${s}`, number };
}

/** The exam a task statement belongs to: "issmp:3.3.2" → "issmp". */
export function taskExam(task: string): string {
  return taskParts(task).exam;
}

/** The task's number within its outline, as candidates see it: "issmp:3.3.2" → "3.3.2". */
export function taskNumber(task: string): string {
  return taskParts(task).number;
}
