/**
 * The second-author rule of the review workflow: whoever wrote any part of the version in review,
 * since the item was last approved, may not approve it — not even after someone else saved it
 * unchanged and submitted it. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MultiUser, multiUserServer } from "./multi-user.js";
import { storeTargets } from "./postgres.js";

const item = {
  id: "issmp-web-2nd-001",
  outlines: ["issmp:1.2.4"],
  type: "single-choice",
  stem: "A river-port authority's audit committee asks who signs off the residual risk of its new cargo-tracking system. Whom should the security manager point to?",
  options: [
    {
      id: "A",
      text: "The accountable business owner, acting within the board's risk appetite",
      rationale: "Right: the owner accepts residual risk within the appetite senior management set.",
    },
    {
      id: "B",
      text: "The security manager, who assessed the system's threats and controls",
      rationale: "Advises on the risk; does not own it.",
    },
    {
      id: "C",
      text: "The internal auditor, who will test the controls next quarter",
      rationale: "Gives independent assurance, not acceptance.",
    },
    {
      id: "D",
      text: "The vendor, who built and supports the cargo-tracking system",
      rationale: "A supplier cannot accept the authority's risk.",
    },
  ],
  key: "A",
  explanation: "Residual risk is accepted by the accountable owner within the appetite set above them.",
  references: ["ISO/IEC 27005:2022 §10", "NIST SP 800-39 §2.3"],
};

const targets = storeTargets("second_author");

describe.each(targets)("second-author approval on %s", (_dialect, target) => {
  let m: MultiUser;
  const url = `/api/bank/items/${item.id}`;

  beforeAll(async () => {
    m = await multiUserServer("second-author", await target());
    for (const name of ["ann", "bob", "eve", "dan"]) await m.person(name, "author");
  });
  afterAll(() => m.close());

  it("refuses the author whose edit another author saved unchanged and submitted, and takes an independent author", async () => {
    const created = await m.send("ann", "POST", "/api/bank/items", { item });
    expect(created.statusCode).toBe(201);
    // Bob saves Ann's content unchanged and submits it: he is now its last editor.
    const resaved = await m.send("bob", "PUT", url, { item, updatedAt: created.json().updatedAt });
    expect(resaved.statusCode).toBe(200);
    expect((await m.send("bob", "POST", `${url}/submit`)).statusCode).toBe(200);

    const byAnn = await m.send("ann", "POST", `${url}/approve`);
    expect(byAnn.statusCode).toBe(403);
    expect(byAnn.json().error).toEqual({
      code: "second-author",
      message:
        "a second author must approve: you wrote part of this version of the item since it was last approved",
    });
    expect((await m.send("bob", "POST", `${url}/approve`)).statusCode).toBe(403);
    const shown = (await m.send("eve", "GET", url)).json();
    expect(shown.status).toBe("review");
    expect(shown.authors).toEqual([expect.any(String), expect.any(String)]);

    const byEve = await m.send("eve", "POST", `${url}/approve`);
    expect(byEve.statusCode).toBe(200);
    expect(byEve.json().status).toBe("live");
  });

  it("starts the list of authors afresh after an approval", async () => {
    const live = (await m.send("dan", "GET", url)).json();
    expect(live.status).toBe("live");
    const edited = await m.send("dan", "PUT", url, {
      item: { ...item, explanation: `${item.explanation} The owner records the acceptance.` },
      updatedAt: live.updatedAt,
    });
    expect(edited.statusCode).toBe(200);
    expect((await m.send("dan", "POST", `${url}/submit`)).statusCode).toBe(200);
    expect((await m.send("dan", "POST", `${url}/approve`)).statusCode).toBe(403);
    // Ann wrote the version approved before, which Eve reviewed; Dan's change is not hers.
    const byAnn = await m.send("ann", "POST", `${url}/approve`);
    expect(byAnn.statusCode).toBe(200);
    expect((await m.send("eve", "GET", url)).json().published.explanation).toContain(
      "records the acceptance",
    );
  });
});
