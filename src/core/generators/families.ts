/** The parametric families of the ISSMP bank: the quantitative side of risk, continuity and budget. */
import type { Random } from "../random/seeded.js";
import { CISSP_FAMILIES } from "./cissp-families.js";
import { ANNUAL_RATES, capital, type Family, formatValue, money, roundTo } from "./family.js";

const ASSETS = [
  "a customer database",
  "an order-processing platform",
  "a payroll system",
  "a research data archive",
  "a payment gateway",
  "a logistics tracking service",
];
const THREATS = [
  "a ransomware outbreak",
  "a data breach",
  "a prolonged outage",
  "an insider data theft",
  "a supplier compromise",
];

function pick<T>(rng: Random, xs: readonly T[]): T {
  return rng.pick(xs);
}

/** Annual rates that read naturally: once every N years, or N times a year. */
function annualRate(rng: Random): { aro: number; text: string } {
  return rng.pick(ANNUAL_RATES);
}

export const aleFamily: Family = {
  id: "ale",
  name: "Single and annualized loss expectancy",
  outlines: ["issmp:3.3.3"],
  references: ["NIST SP 800-30 Rev. 1 Appendix G"],
  difficulty: -0.5,
  build(rng) {
    const value = roundTo(200_000 + rng.next() * 4_800_000, 50_000);
    const ef = pick(rng, [0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75]);
    const { aro, text } = annualRate(rng);
    const sle = value * ef;
    const ale = sle * aro;
    return {
      stem: `${capital(pick(rng, ASSETS))} is valued at ${money(value)}. If ${pick(rng, THREATS)} struck it, about ${Math.round(ef * 100)}% of that value would be lost, and the organization expects such an event ${text}. What annualized loss expectancy (ALE) should the security manager report?`,
      answer: ale,
      unit: "usd",
      working: `SLE = asset value × exposure factor = ${money(value)} × ${ef} = ${money(sle)}; ALE = SLE × ARO = ${money(sle)} × ${aro} = ${money(ale)}.`,
      distractors: [
        {
          value: sle,
          misconception: "This is the single loss expectancy: the annual rate of occurrence was left out.",
        },
        {
          value: value * aro,
          misconception: "The exposure factor was left out, as if the whole asset were lost each time.",
        },
        {
          value: aro === 0 ? Number.NaN : sle / aro,
          misconception: "The SLE was divided by the ARO instead of multiplied.",
        },
        { value: value * ef * ef * aro, misconception: "The exposure factor was applied twice." },
      ],
    };
  },
};

export const controlValueFamily: Family = {
  id: "control-value",
  name: "Value of a control",
  outlines: ["issmp:3.1.9", "issmp:3.1.7"],
  references: ["NIST SP 800-30 Rev. 1 §3.2"],
  difficulty: -0.2,
  build(rng) {
    const before = roundTo(100_000 + rng.next() * 900_000, 5_000);
    const after = roundTo(before * (0.1 + rng.next() * 0.5), 5_000);
    const cost = roundTo((before - after) * (0.2 + rng.next() * 0.6), 1_000);
    const value = before - after - cost;
    return {
      stem: `A proposed control would cut the annualized loss expectancy of ${pick(rng, THREATS)} from ${money(before)} to ${money(after)}. It costs ${money(cost)} a year to run. What is the annual value of the control to the organization?`,
      answer: value,
      unit: "usd",
      working: `Value = ALE before − ALE after − annual cost = ${money(before)} − ${money(after)} − ${money(cost)} = ${money(value)}.`,
      distractors: [
        { value: before - after, misconception: "The control's annual cost was not subtracted." },
        {
          value: after - cost,
          misconception: "The cost was subtracted from the residual ALE instead of from the reduction.",
        },
        { value: before - cost, misconception: "The residual ALE (after the control) was ignored." },
        {
          value: before - after + cost,
          misconception: "The cost was added to the benefit instead of subtracted.",
        },
      ],
    };
  },
};

export const rosiFamily: Family = {
  id: "rosi",
  name: "Return on security investment",
  outlines: ["issmp:3.1.9", "issmp:1.8.1"],
  references: ["ENISA, Introduction to Return on Security Investment (2012)"],
  difficulty: 0.2,
  build(rng) {
    const before = roundTo(200_000 + rng.next() * 800_000, 10_000);
    const mitigation = pick(rng, [0.4, 0.5, 0.6, 0.7, 0.8]);
    const reduction = before * mitigation;
    const cost = roundTo(reduction * (0.3 + rng.next() * 0.6), 5_000);
    const rosi = ((reduction - cost) / cost) * 100;
    return {
      stem: `A ${money(cost)}-a-year detection service is expected to reduce an annualized loss expectancy of ${money(before)} by ${Math.round(mitigation * 100)}%. What return on security investment (ROSI) should the business case show?`,
      answer: rosi,
      unit: "percent",
      working: `Reduction = ${money(before)} × ${mitigation} = ${money(reduction)}; ROSI = (reduction − cost) / cost = (${money(reduction)} − ${money(cost)}) / ${money(cost)} = ${formatValue(rosi, "percent")}.`,
      distractors: [
        {
          value: (reduction / cost) * 100,
          misconception:
            "The cost was not subtracted from the benefit: this is benefit divided by cost, not the return.",
        },
        {
          value: ((reduction - cost) / before) * 100,
          misconception: "The net benefit was divided by the original ALE instead of by the investment.",
        },
        {
          value: ((before - cost) / cost) * 100,
          misconception: "The whole ALE was counted as avoided, ignoring the mitigation ratio.",
        },
        { value: (cost / reduction) * 100, misconception: "The ratio was inverted: cost over benefit." },
      ],
    };
  },
};

export const npvFamily: Family = {
  id: "npv",
  name: "Cost-benefit over several years (net present value)",
  outlines: ["issmp:3.1.9", "issmp:1.8.1"],
  references: ["NIST SP 800-55 Vol. 2 (2024) §3"],
  difficulty: 0.8,
  build(rng) {
    const upfront = roundTo(100_000 + rng.next() * 400_000, 10_000);
    const benefit = roundTo(upfront * (0.3 + rng.next() * 0.3), 5_000);
    const years = pick(rng, [3, 4, 5]);
    const rate = pick(rng, [0.05, 0.06, 0.08, 0.1]);
    let pv = 0;
    for (let t = 1; t <= years; t++) pv += benefit / (1 + rate) ** t;
    const npv = pv - upfront;
    return {
      stem: `A security platform costs ${money(upfront)} up front and avoids ${money(benefit)} of losses at the end of each of the next ${years} years. At a discount rate of ${Math.round(rate * 100)}%, what is the net present value of the investment?`,
      answer: npv,
      unit: "usd",
      working: `NPV = −${money(upfront)} + Σ ${money(benefit)} / (1 + ${rate})^t for t = 1…${years} = −${money(upfront)} + ${money(pv)} = ${money(npv)}.`,
      distractors: [
        {
          value: benefit * years - upfront,
          misconception: "The benefits were not discounted: money later was counted as money now.",
        },
        { value: pv, misconception: "The up-front cost was left out of the net present value." },
        {
          value: pv - upfront / (1 + rate),
          misconception: "The up-front cost was discounted as if it were paid a year from now.",
        },
        {
          value: benefit * years * (1 - rate) - upfront,
          misconception:
            "The discount was applied once, as a flat percentage, instead of compounding each year.",
        },
      ],
    };
  },
};

export const rtoFamily: Family = {
  id: "rto-mtd",
  name: "RTO, MTD and work recovery time",
  outlines: ["issmp:5.1.2", "issmp:5.2.1"],
  references: ["NIST SP 800-34 Rev. 1 §3.2.1"],
  difficulty: -0.4,
  build(rng) {
    const mtd = pick(rng, [12, 24, 36, 48, 72, 96]);
    const wrt = roundTo(mtd * (0.15 + rng.next() * 0.35), 1);
    const rto = mtd - wrt;
    const process = pick(rng, [
      "order processing",
      "claims handling",
      "payroll",
      "customer support",
      "dispatch",
    ]);
    return {
      stem: `The business impact analysis sets a maximum tolerable downtime of ${mtd} hours for ${process}. Once systems are back, checking data and catching up on work takes ${wrt} hours. What is the longest recovery time objective the continuity plan can set for the supporting systems?`,
      answer: rto,
      unit: "hours",
      working: `RTO + WRT ≤ MTD, so RTO ≤ ${mtd} − ${wrt} = ${rto} hours.`,
      distractors: [
        { value: mtd, misconception: "The RTO was set equal to the MTD, leaving no time for work recovery." },
        {
          value: mtd + wrt,
          misconception: "The work recovery time was added to the MTD instead of subtracted.",
        },
        { value: wrt, misconception: "The work recovery time was taken for the RTO." },
        {
          value: mtd / 2,
          misconception: "Half the MTD is a rule of thumb, not the constraint RTO + WRT ≤ MTD.",
        },
      ],
    };
  },
};

export const availabilityFamily: Family = {
  id: "availability",
  name: "Availability and allowed downtime",
  outlines: ["issmp:5.1.8", "issmp:1.5.1"],
  references: ["ITIL 4 Service level management practice guide"],
  difficulty: 0,
  build(rng) {
    const sla = pick(rng, [99, 99.5, 99.8, 99.9, 99.95, 99.97, 99.99]);
    const period = pick(rng, [
      { label: "30-day month", days: 30 },
      { label: "31-day month", days: 31 },
      { label: "28-day month", days: 28 },
      { label: "91-day quarter", days: 91 },
      { label: "365-day year", days: 365 },
    ]);
    const service = pick(rng, [
      "a payment service",
      "a hosted email platform",
      "an identity provider",
      "a warehouse management system",
      "a customer portal",
      "a trading platform",
    ]);
    const minutes = period.days * 24 * 60;
    const allowed = minutes * (1 - sla / 100);
    const other =
      period.days === 365 ? { days: 30, what: "a 30-day month" } : { days: 365, what: "a whole year" };
    return {
      stem: `A provider's contract promises ${sla}% availability for ${service}, measured over a ${period.label}. What is the maximum downtime the contract allows in that period?`,
      answer: allowed,
      unit: "minutes",
      working: `${period.days} × 24 × 60 = ${minutes.toLocaleString("en-US")} minutes; allowed downtime = ${minutes.toLocaleString("en-US")} × (1 − ${sla}%) = ${formatValue(allowed, "minutes")}.`,
      distractors: [
        {
          value: allowed * 10,
          misconception: "The decimal point slipped: the unavailability was taken ten times too large.",
        },
        {
          value: other.days * 24 * 60 * (1 - sla / 100),
          misconception: `This is the allowance for ${other.what}, not for the measurement period.`,
        },
        {
          value: period.days * 24 * (1 - sla / 100),
          misconception: "The allowance was worked out in hours but read as minutes.",
        },
        { value: allowed / 10, misconception: "The decimal point slipped the other way." },
      ],
    };
  },
};

export const kriFamily: Family = {
  id: "kri-trend",
  name: "KRI threshold and trend",
  outlines: ["issmp:1.7.1", "issmp:1.7.2"],
  references: ["ISO/IEC 27004:2016 §8"],
  difficulty: 0.5,
  build(rng) {
    const start = roundTo(40 + rng.next() * 160, 5);
    const growth = pick(rng, [0.05, 0.08, 0.1, 0.12, 0.15]);
    const factor = pick(rng, [1.5, 1.8, 2]);
    const threshold = roundTo(start * factor, 5);
    const months = Math.ceil(Math.log(threshold / start) / Math.log(1 + growth));
    const linear = Math.ceil((threshold - start) / (start * growth));
    const kri = pick(rng, [
      "open critical vulnerabilities past their deadline",
      "privileged accounts without a recent review",
      "unsupported servers in production",
    ]);
    return {
      stem: `A key risk indicator counts ${kri}. It stands at ${start} and has grown by about ${Math.round(growth * 100)}% a month, compounding. Leadership set an escalation threshold of ${threshold}. If the trend continues, after how many whole months will the indicator have reached the threshold?`,
      answer: months,
      unit: "months",
      working: `Months n with ${start} × (1 + ${growth})^n ≥ ${threshold}: n = ⌈ln(${threshold}/${start}) / ln(${1 + growth})⌉ = ${months}.`,
      distractors: [
        {
          value: linear,
          misconception: "The growth was treated as linear (a fixed amount a month) instead of compounding.",
        },
        {
          value: months + 1,
          misconception: "The threshold is reached when the value first meets it, not the month after.",
        },
        {
          value: Math.round(Math.log(factor) / growth),
          misconception:
            "The shortcut ln(ratio) / rate assumes continuous growth and miscounts whole months.",
        },
        {
          value: Math.floor(Math.log(threshold / start) / Math.log(1 + growth)),
          misconception:
            "The months were rounded down: at that point the indicator is still below the threshold.",
        },
      ],
    };
  },
};

export const budgetFamily: Family = {
  id: "budget-variance",
  name: "Budget variance",
  outlines: ["issmp:1.8.3"],
  references: ["NIST SP 800-65 §3"],
  difficulty: -0.6,
  build(rng) {
    const budget = roundTo(500_000 + rng.next() * 2_500_000, 25_000);
    const over = rng.next() < 0.5;
    const delta = roundTo(budget * (0.04 + rng.next() * 0.16), 5_000);
    const actual = over ? budget + delta : budget - delta;
    const variance = ((actual - budget) / budget) * 100;
    return {
      stem: `The security program's approved annual budget was ${money(budget)}; actual spending for the year was ${money(actual)}. What budget variance should the security manager report, as a percentage of the budget (positive for overspending)?`,
      answer: variance,
      unit: "percent",
      working: `Variance = (actual − budget) / budget = (${money(actual)} − ${money(budget)}) / ${money(budget)} = ${formatValue(variance, "percent")}.`,
      distractors: [
        {
          value: ((actual - budget) / actual) * 100,
          misconception: "The difference was divided by the actual spend instead of the budget.",
        },
        {
          value: -variance,
          misconception: "The sign was reversed: spending above budget is a positive variance here.",
        },
        {
          value: (actual / budget) * 100,
          misconception: "This is actual spend as a share of budget, not the variance.",
        },
        { value: variance * 2, misconception: "The difference was counted twice." },
      ],
    };
  },
};

export const ISSMP_FAMILIES: readonly Family[] = [
  aleFamily,
  controlValueFamily,
  rosiFamily,
  npvFamily,
  rtoFamily,
  availabilityFamily,
  kriFamily,
  budgetFamily,
];

/** Every computed family; each joins the bank of the exams whose task statements it measures. */
export const FAMILIES: readonly Family[] = [...ISSMP_FAMILIES, ...CISSP_FAMILIES];
