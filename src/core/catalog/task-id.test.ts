import { describe, expect, it } from "vitest";
import { taskExam, taskNumber, taskParts } from "./task-id.js";

describe("task statement ids", () => {
  it("splits an id into exam, domain, subdomain and the number candidates see", () => {
    expect(taskParts("issmp:3.3.2")).toEqual({
      exam: "issmp",
      domain: "3",
      subdomain: "3.3",
      number: "3.3.2",
    });
    expect(taskParts("cism:1.A.2")).toEqual({ exam: "cism", domain: "1", subdomain: "1.A", number: "1.A.2" });
    expect(taskExam("cissp:8.1.1")).toBe("cissp");
    expect(taskNumber("cissp:8.1.1")).toBe("8.1.1");
  });

  it("keeps a malformed id from throwing: the exam is what precedes any colon", () => {
    expect(taskExam("issmp")).toBe("issmp");
    expect(taskNumber("issmp")).toBe("");
  });
});
