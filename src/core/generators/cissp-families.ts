/**
 * The parametric families of the CISSP bank: the arithmetic a CISSP candidate is expected to do in
 * their head or on the whiteboard — brute-force time, the value of a safeguard, availability from
 * MTBF and MTTR and through redundancy, RAID capacity, restore time under a backup schedule, and
 * subnet sizing.
 */
import { ANNUAL_RATES, capital, type Family, formatValue, money, roundTo, significant } from "./family.js";

const HOURS_PER_YEAR = 365 * 24;

/**
 * A family whose misconceptions are offered in a seeded order, so the three an item shows vary and
 * the key sits above some distractors and below others rather than always in the same rank.
 */
function mixed(family: Family): Family {
  return {
    ...family,
    build(rng) {
      const worked = family.build(rng);
      return { ...worked, distractors: rng.shuffle(worked.distractors) };
    },
  };
}

const count = (n: number) => n.toLocaleString("en-US");
const percent = (fraction: number) => formatValue(fraction * 100, "availability");
/** A given availability as a stem states it: 99.5%, not 99.500%. */
const stated = (fraction: number) => `${Number((fraction * 100).toFixed(3))}%`;

const GUESS_RATES = [
  { rate: 1e6, text: "1 million" },
  { rate: 1e7, text: "10 million" },
  { rate: 1e8, text: "100 million" },
  { rate: 1e9, text: "1 billion" },
  { rate: 1e10, text: "10 billion" },
  { rate: 1e11, text: "100 billion" },
  { rate: 1e12, text: "1 trillion" },
] as const;

const KEY_SCENARIOS: readonly ((key: string, rate: string) => string)[] = [
  (key, rate) =>
    `A forensic team must recover files from a legacy archive encrypted under a random ${key} key. Its GPU cluster tests ${rate} keys per second.`,
  (key, rate) =>
    `An assessor finds that a fleet of payment terminals still protects PIN blocks with a random ${key} key. An attacker renting cloud hardware could test ${rate} keys per second.`,
  (key, rate) =>
    `A penetration tester captures traffic from an industrial controller whose sessions are encrypted under a random ${key} key. Her cracking rig tests ${rate} keys per second.`,
  (key, rate) =>
    `A legacy VPN concentrator still negotiates a random ${key} session key. A well-funded adversary can test ${rate} keys per second.`,
];

export const keySpaceFamily: Family = mixed({
  id: "key-space",
  name: "Key space and brute-force time",
  outlines: ["cissp:3.7.1", "cissp:3.6.1"],
  references: ["NIST SP 800-57 Part 1 Rev. 5 §5.6.1 (security strengths)", "NIST SP 800-131A Rev. 2"],
  difficulty: 0.3,
  build(rng) {
    const inBytes = rng.next() < 0.5;
    const bytes = rng.pick([5, 6, 7, 8]);
    const bits = inBytes ? bytes * 8 : rng.pick([40, 48, 56, 64]);
    const { rate, text } = rng.pick(GUESS_RATES);
    const worst = rng.next() < 0.4;
    const key = inBytes ? `${bytes}-byte` : `${bits}-bit`;
    const share = worst ? 1 : 0.5;
    const time = (keys: number) => (keys * share) / rate;
    const answer = time(2 ** bits);
    const question = worst
      ? "What is the LONGEST an exhaustive key search could take to find the key?"
      : "On average, how long will an exhaustive key search take to find the key?";
    const keysTried = worst ? `all 2^${bits} keys` : `half of them, 2^${bits - 1} keys`;
    const working = `${inBytes ? `${bytes} bytes = ${bits} bits; ` : ""}the key space is 2^${bits} = ${significant(2 ** bits)} keys, and ${worst ? "in the worst case" : "on average"} ${keysTried} are tried before the key turns up: ${significant(2 ** bits * share)} / ${text} a second = ${significant(answer)} seconds = ${formatValue(answer, "duration")}.`;
    return {
      stem: `${rng.pick(KEY_SCENARIOS)(key, text)} ${question}`,
      answer,
      unit: "duration",
      working,
      distractors: [
        worst
          ? {
              value: answer / 2,
              misconception:
                "This is the average case, half the key space; the longest search tries every key.",
            }
          : {
              value: answer * 2,
              misconception:
                "This is the worst case, the whole key space; on average the key turns up halfway through.",
            },
        {
          value: time(bits * bits),
          misconception:
            "The key space was taken as n² instead of 2ⁿ: each added bit doubles the keys to try.",
        },
        inBytes
          ? {
              value: time(2 ** bytes),
              misconception: "The length in bytes was used as if it were bits; a byte is eight bits.",
            }
          : {
              value: time(2 ** (bits * 8)),
              misconception: "The length in bits was read as if it were bytes; a byte is eight bits.",
            },
        {
          value: time(2 ** (bits / 2)),
          misconception:
            "The birthday bound 2^(n/2) is for finding collisions in a hash, not for searching for a key.",
        },
      ],
    };
  },
});

const SAFEGUARD_CASES = [
  {
    asset: "an e-commerce platform",
    threat: "a ransomware attack",
    safeguard: "an endpoint detection and response service",
  },
  { asset: "a patient records system", threat: "a data breach", safeguard: "a database activity monitor" },
  {
    asset: "a manufacturing line's control network",
    threat: "a malware outbreak",
    safeguard: "a segmented OT firewall",
  },
  {
    asset: "a payroll platform",
    threat: "an insider fraud",
    safeguard: "a privileged access management system",
  },
  { asset: "a trading desk's order system", threat: "a prolonged outage", safeguard: "a hot standby site" },
] as const;

/** Rates before a safeguard (once every two years or more often) and after it (once every four years or less). */
const RATES_BEFORE = ANNUAL_RATES.filter((r) => r.aro >= 0.5);
const RATES_AFTER = ANNUAL_RATES.filter((r) => r.aro <= 0.25);

export const safeguardValueFamily: Family = mixed({
  id: "safeguard-value",
  name: "Annual value of a safeguard",
  outlines: ["cissp:1.9.3", "cissp:1.9.2"],
  references: ["NIST SP 800-30 Rev. 1 (risk assessment)", "NIST SP 800-39 (risk response)"],
  difficulty: 0.1,
  build(rng) {
    const c = rng.pick(SAFEGUARD_CASES);
    const value = roundTo(500_000 + rng.next() * 4_500_000, 50_000);
    const ef = rng.pick([0.2, 0.25, 0.3, 0.4, 0.5, 0.6]);
    const before = rng.pick(RATES_BEFORE);
    const after = rng.pick(RATES_AFTER);
    const sle = value * ef;
    const aleBefore = sle * before.aro;
    const aleAfter = sle * after.aro;
    const life = rng.pick([3, 4, 5]);
    // The safeguard pays for itself: its annual cost is 20–70% of the loss it avoids.
    const annualTarget = (aleBefore - aleAfter) * (0.2 + rng.next() * 0.5);
    const purchase = roundTo(annualTarget * life * 0.6, 15_000 * life) || 15_000 * life;
    const upkeep = roundTo(annualTarget * 0.4, 5_000) || 5_000;
    const annualCost = purchase / life + upkeep;
    const answer = aleBefore - aleAfter - annualCost;
    return {
      stem: `${capital(c.asset)} is valued at ${money(value)}. ${capital(c.threat)} would cost about ${Math.round(ef * 100)}% of that value, and is expected ${before.text}. ${capital(c.safeguard)} would cost ${money(purchase)} to buy and install, last ${life} years, and cost ${money(upkeep)} a year to operate; with it in place, the event is expected only ${after.text}. What is the annual value of the safeguard to the organization?`,
      answer,
      unit: "usd",
      working: `SLE = ${money(value)} × ${ef} = ${money(sle)}; ALE before = ${money(sle)} × ${before.aro} = ${money(aleBefore)}; ALE after = ${money(sle)} × ${after.aro} = ${money(aleAfter)}; annual cost = ${money(purchase)} / ${life} + ${money(upkeep)} = ${money(annualCost)}; value = ALE before − ALE after − annual cost = ${money(answer)}.`,
      distractors: [
        {
          value: aleBefore - aleAfter,
          misconception:
            "This is the reduction in ALE alone: the safeguard's annual cost was not subtracted.",
        },
        {
          value: sle - annualCost,
          misconception:
            "The single loss expectancy was taken for the loss avoided each year, without the rates of occurrence.",
        },
        {
          value: aleBefore - aleAfter - purchase - upkeep,
          misconception:
            "The purchase price was charged to one year instead of spread over the safeguard's life.",
        },
        {
          value: aleBefore - aleAfter - purchase / life,
          misconception: "Only the purchase was annualised; the yearly operating cost was left out.",
        },
        {
          value: aleBefore - annualCost,
          misconception: "The residual ALE with the safeguard in place was ignored.",
        },
        {
          value: aleAfter - annualCost,
          misconception:
            "The residual ALE was taken for the loss avoided; the safeguard avoids ALE before − ALE after.",
        },
      ],
    };
  },
});

const MTBF_SYSTEMS = [
  "core switch",
  "storage controller",
  "hardware security module",
  "authentication server",
  "firewall appliance",
] as const;

export const mtbfFamily: Family = mixed({
  id: "mtbf-availability",
  name: "Availability and downtime from MTBF and MTTR",
  outlines: ["cissp:7.10.4"],
  references: [
    "IEC 60050-192 (dependability: MTBF, MTTR, availability)",
    "NIST SP 800-34 Rev. 1 (high availability)",
  ],
  difficulty: 0,
  build(rng) {
    const days = rng.pick([30, 45, 60, 90, 120, 180, 250, 365]);
    const mttr = rng.pick([2, 4, 6, 8, 12, 24]);
    const mtbf = days * 24;
    const availability = mtbf / (mtbf + mttr);
    const system = rng.pick(MTBF_SYSTEMS);
    const given = `Records show that the ${system} fails on average once every ${days} days (its mean time between failures), and each failure takes ${mttr} hours to repair (its mean time to repair).`;
    if (rng.next() < 0.5) {
      return {
        stem: `${given} What is the availability of the ${system}?`,
        answer: availability * 100,
        unit: "availability",
        working: `MTBF = ${days} days × 24 = ${count(mtbf)} hours; availability = MTBF / (MTBF + MTTR) = ${count(mtbf)} / (${count(mtbf)} + ${mttr}) = ${percent(availability)}.`,
        distractors: [
          {
            value: (days / (days + mttr)) * 100,
            misconception: "MTBF in days and MTTR in hours were mixed without converting to the same unit.",
          },
          {
            value: (mttr / (mtbf + mttr)) * 100,
            misconception: "This is the unavailability, MTTR / (MTBF + MTTR), not the availability.",
          },
          {
            value: ((HOURS_PER_YEAR - mttr) / HOURS_PER_YEAR) * 100,
            misconception:
              "This counts one repair a year, whatever the failure rate; the MTBF says how often repairs come.",
          },
          {
            value: (mttr / mtbf) * 100,
            misconception: "MTTR / MTBF is roughly the share of time down, not the share of time up.",
          },
          {
            value: ((mtbf - mttr) / (mtbf + mttr)) * 100,
            misconception:
              "The repair time was counted twice, taken off the uptime as well as added to the total; MTBF is already the time up.",
          },
        ],
      };
    }
    const downtime = HOURS_PER_YEAR * (1 - availability);
    return {
      stem: `${given} How many hours of downtime should the service owner expect from it in a 365-day year?`,
      answer: downtime,
      unit: "hours",
      working: `MTBF = ${days} × 24 = ${count(mtbf)} hours; availability = ${count(mtbf)} / (${count(mtbf)} + ${mttr}) = ${percent(availability)}; downtime = 8,760 hours × (1 − availability) = ${formatValue(downtime, "hours")}.`,
      distractors: [
        {
          value: mttr,
          misconception: "This is a single repair; failures come about every MTBF, several times a year.",
        },
        {
          value: (HOURS_PER_YEAR * mttr) / (days + mttr),
          misconception: "MTBF in days and MTTR in hours were mixed without converting to the same unit.",
        },
        {
          value: HOURS_PER_YEAR * availability,
          misconception: "This is the expected uptime, not the downtime.",
        },
        {
          value: 365 / days,
          misconception: "This is the expected number of failures a year, not the hours they cost.",
        },
      ],
    };
  },
});

const TIERS = [
  { tier: "web servers behind a load balancer", single: "database server" },
  { tier: "application servers in an active-active cluster", single: "storage array" },
  { tier: "internet links from different carriers", single: "edge firewall" },
  { tier: "domain controllers", single: "identity federation server" },
] as const;
const COMPONENT_AVAILABILITY = [0.95, 0.97, 0.98, 0.99, 0.995, 0.998, 0.999] as const;

export const redundancyFamily: Family = mixed({
  id: "redundancy-availability",
  name: "Availability of components in series and in parallel",
  outlines: ["cissp:7.10.4", "cissp:7.10.3"],
  references: ["IEC 61078:2016 (reliability block diagrams)", "NIST SP 800-34 Rev. 1 (high availability)"],
  difficulty: 0.6,
  build(rng) {
    const t = rng.pick(TIERS);
    const n = rng.pick([2, 2, 3]);
    const redundant = rng.pick(COMPONENT_AVAILABILITY);
    const single = rng.pick(COMPONENT_AVAILABILITY);
    const pair = 1 - (1 - redundant) ** n;
    const answer = pair * single;
    const words = n === 2 ? "two" : "three";
    return {
      stem: `A customer-facing service needs one of its ${words} ${t.tier} (each available ${stated(redundant)} of the time, any one of them enough to carry the load) and its single ${t.single} (available ${stated(single)}). Failures are independent. What availability can the architect promise for the service as a whole?`,
      answer: answer * 100,
      unit: "availability",
      working: `The redundant tier is down only when ${n === 2 ? "both are" : "all three are"} down: 1 − (1 − ${redundant})^${n} = ${percent(pair)}. In series with the ${t.single}: ${percent(pair)} × ${percent(single)} = ${percent(answer)}.`,
      distractors: [
        {
          value: redundant ** n * single * 100,
          misconception:
            "The redundant components were multiplied as if in series: redundancy was made to lower availability.",
        },
        {
          value: redundant * single * 100,
          misconception: "The redundancy was ignored: only one of the redundant components was counted.",
        },
        {
          value: pair * 100,
          misconception:
            "The single component was left out: it is in series with the redundant tier, a single point of failure.",
        },
        {
          value: ((pair + single) / 2) * 100,
          misconception: "The tiers' availabilities were averaged; tiers in series multiply.",
        },
        {
          value: (1 - (1 - redundant) / n) * single * 100,
          misconception:
            "The redundant tier's unavailability was divided by the number of components; it is raised to that power, (1 − a)ⁿ, because all must fail at once.",
        },
      ],
    };
  },
});

export const raidFamily: Family = mixed({
  id: "raid-capacity",
  name: "RAID usable capacity",
  outlines: ["cissp:7.10.4", "cissp:7.10.1"],
  references: [
    "Patterson, Gibson and Katz, A Case for Redundant Arrays of Inexpensive Disks (RAID), SIGMOD 1988",
    "SNIA Common RAID Disk Data Format (DDF) 2.0",
  ],
  difficulty: -0.2,
  build(rng) {
    const level = rng.pick([5, 6, 10] as const);
    const spare = rng.next() < 0.35;
    const data = level === 10 ? rng.pick([4, 6, 8, 10, 12]) : rng.pick([4, 5, 6, 7, 8, 10, 12]);
    const disks = data + (spare ? 1 : 0);
    const size = rng.pick([2, 4, 8, 10, 12, 16, 18, 20]);
    const usable = (level === 5 ? data - 1 : level === 6 ? data - 2 : data / 2) * size;
    const purpose = rng.pick([
      "a file server for the finance department",
      "the backup repository of a branch office",
      "a video surveillance recorder",
      "the virtual machine datastore of a small data centre",
    ]);
    const spareText = spare ? ", one of them configured as a hot spare" : "";
    const rule =
      level === 5
        ? `RAID 5 gives one disk's worth of capacity to parity: (${data} − 1) × ${size} TB`
        : level === 6
          ? `RAID 6 gives two disks' worth of capacity to parity: (${data} − 2) × ${size} TB`
          : `RAID 10 mirrors every disk: ${data} / 2 × ${size} TB`;
    const distractors = [
      {
        value: data * size,
        misconception: "This is the raw capacity of the active disks: redundancy costs capacity.",
      },
      level === 5
        ? {
            value: (data - 2) * size,
            misconception: "Two disks' worth of parity is RAID 6; RAID 5 keeps one.",
          }
        : level === 6
          ? {
              value: (data - 1) * size,
              misconception: "One disk's worth of parity is RAID 5; RAID 6 keeps two.",
            }
          : {
              value: (data - 1) * size,
              misconception: "RAID 10 mirrors rather than keeping parity: half the disks hold copies.",
            },
      spare
        ? {
            value: (level === 5 ? disks - 1 : level === 6 ? disks - 2 : disks / 2) * size,
            misconception: "The hot spare was counted as capacity; it holds nothing until a disk fails.",
          }
        : {
            value: level === 10 ? (data - 2) * size : (data / 2) * size,
            misconception:
              level === 10
                ? "RAID 10 was treated as double parity; it mirrors, so half the disks hold copies."
                : "Parity RAID was treated as mirroring; parity costs one disk (RAID 5) or two (RAID 6), not half.",
          },
      {
        value: size,
        misconception:
          "Only one disk's capacity is usable in RAID 1, which mirrors every disk; striped levels use the rest.",
      },
    ];
    return {
      stem: `A storage administrator builds a RAID ${level} array from ${disks} disks of ${size} TB each${spareText}, for ${purpose}. Ignoring file system overhead, how much usable capacity will the array offer?`,
      answer: usable,
      unit: "terabytes",
      working: `${spare ? `The hot spare holds no data, leaving ${data} active disks. ` : ""}${rule} = ${formatValue(usable, "terabytes")}.`,
      distractors,
    };
  },
});

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

export const backupRestoreFamily: Family = mixed({
  id: "backup-restore",
  name: "Restore time under full, incremental and differential backups",
  outlines: ["cissp:7.11.5", "cissp:7.10.1"],
  references: ["NIST SP 800-34 Rev. 1 (backup and recovery)", "NIST SP 800-209 (storage infrastructure)"],
  difficulty: 0.4,
  build(rng) {
    const full = roundTo(800 + rng.next() * 5_200, 100);
    const change = roundTo(full * (0.02 + rng.next() * 0.06), 10);
    const nights = 2 + rng.int(4); // nightly backups since Sunday's full: Monday … (2 to 5 of them)
    const lastNight = DAYS[nights - 1]!;
    const failDay = DAYS[nights]!;
    const throughput = rng.pick([200, 250, 300, 400, 500]);
    const mount = rng.pick([10, 15, 20, 30]);
    const incremental = rng.next() < 0.5;
    const hours = (gb: number, sets: number) => gb / throughput + (sets * mount) / 60;
    const setsAll = nights + 1;
    const server = rng.pick([
      "file server",
      "mail server",
      "ERP database server",
      "document management server",
    ]);
    const schedule = incremental
      ? `a full backup every Sunday night (${count(full)} GB) and an incremental backup every other night, each about ${count(change)} GB`
      : `a full backup every Sunday night (${count(full)} GB) and a differential backup every other night; Monday's differential was about ${count(change)} GB, and each one since has grown by about ${count(change)} GB`;
    const stem = `The ${server} is backed up with ${schedule}. The server's disks fail on ${failDay} morning, after ${lastNight} night's backup completed. Restores run at ${throughput} GB an hour, and each backup set takes ${mount} minutes to mount and verify before it is read. How long will restoring the server to ${lastNight} night's state take?`;
    if (incremental) {
      const data = full + nights * change;
      const answer = hours(data, setsAll);
      return {
        stem,
        answer,
        unit: "hours",
        working: `Restore the full backup and every incremental since, in order: ${setsAll} sets, ${count(full)} + ${nights} × ${count(change)} = ${count(data)} GB; ${count(data)} / ${throughput} + ${setsAll} × ${mount} minutes = ${formatValue(answer, "hours")}.`,
        distractors: [
          {
            value: hours(full + change, 2),
            misconception:
              "Only the last incremental was restored, as with a differential; each incremental holds one day's changes, so all are needed.",
          },
          {
            value: hours(full, 1),
            misconception: "Restoring the full backup alone loses every change made since Sunday.",
          },
          {
            value: data / throughput + setsAll * mount,
            misconception: "The mount and verify time was counted in hours; it is given in minutes.",
          },
          {
            value: data / throughput,
            misconception: "The time to mount and verify each backup set was left out.",
          },
          {
            value: hours(full + nights * change, 2),
            misconception:
              "All the data was counted but only two sets mounted: each incremental is a set of its own to mount and verify.",
          },
        ],
      };
    }
    const last = nights * change;
    const answer = hours(full + last, 2);
    let all = 0;
    for (let d = 1; d <= nights; d++) all += d * change;
    return {
      stem,
      answer,
      unit: "hours",
      working: `Restore the full backup and only the latest differential (it holds every change since the full): 2 sets, ${count(full)} + ${nights} × ${count(change)} = ${count(full + last)} GB; ${count(full + last)} / ${throughput} + 2 × ${mount} minutes = ${formatValue(answer, "hours")}.`,
      distractors: [
        {
          value: hours(full + all, setsAll),
          misconception:
            "Every differential was restored, as with incrementals; the latest differential already holds all changes since the full.",
        },
        {
          value: hours(full + change, 2),
          misconception:
            "The latest differential was taken at Monday's size; differentials grow every night.",
        },
        {
          value: hours(full, 1),
          misconception: "Restoring the full backup alone loses every change made since Sunday.",
        },
        {
          value: (full + last) / throughput + 2 * mount,
          misconception: "The mount and verify time was counted in hours; it is given in minutes.",
        },
        {
          value: (full + last) / throughput,
          misconception: "The time to mount and verify each backup set was left out.",
        },
      ],
    };
  },
});

const SEGMENTS = [
  "the payment card environment",
  "the building management systems",
  "the guest Wi-Fi",
  "the developers' workstations",
  "the security operations centre",
  "the warehouse scanners",
  "the voice-over-IP phones",
] as const;

export const subnetFamily: Family = mixed({
  id: "subnet-size",
  name: "IPv4 subnet sizing",
  outlines: ["cissp:4.1.2", "cissp:4.1.10"],
  references: ["RFC 950 (Internet standard subnetting)", "RFC 4632 (CIDR)"],
  difficulty: -0.1,
  build(rng) {
    const segment = rng.pick(SEGMENTS);
    const variant = rng.int(3);
    if (variant === 0) {
      const prefix = 20 + rng.int(10); // /20 … /29
      const h = 32 - prefix;
      const answer = 2 ** h - 2;
      return {
        stem: `To segment the network, the team assigns ${segment} the subnet 10.${16 + rng.int(200)}.0.0/${prefix}. How many addresses in it can be assigned to hosts?`,
        answer,
        unit: "addresses",
        working: `A /${prefix} leaves 32 − ${prefix} = ${h} host bits: 2^${h} = ${count(2 ** h)} addresses, less the network and broadcast addresses = ${count(answer)}.`,
        distractors: [
          {
            value: 2 ** h,
            misconception: "The network and broadcast addresses were counted as assignable.",
          },
          {
            value: 2 ** h - 1,
            misconception:
              "Only one reserved address was subtracted; both the network and the broadcast address are reserved.",
          },
          {
            value: 2 ** h - 3,
            misconception:
              "The default gateway was subtracted too; it is a host and takes one of the assignable addresses.",
          },
          {
            value: 2 ** (h + 1) - 2,
            misconception: "One host bit too many was counted; the host bits are 32 minus the prefix length.",
          },
          {
            value: 2 ** (h - 1) - 2,
            misconception: "One host bit too few was counted; the host bits are 32 minus the prefix length.",
          },
        ],
      };
    }
    const h = 3 + rng.int(8); // 3 … 10 host bits
    const low = 2 ** (h - 1) - 2; // hosts that fit one bit smaller
    const hosts = low + 1 + rng.int(2 ** h - 2 - low);
    const prefix = 32 - h;
    if (variant === 1) {
      const naive = 32 - Math.ceil(Math.log2(hosts));
      return {
        stem: `A new VLAN for ${segment} must hold ${count(hosts)} hosts, and address space is tight. What is the smallest IPv4 subnet, as a prefix length, that can hold them?`,
        answer: prefix,
        unit: "prefix",
        working: `The smallest h with 2^h − 2 ≥ ${count(hosts)} is ${h} (2^${h} − 2 = ${count(2 ** h - 2)}; 2^${h - 1} − 2 = ${count(low)} is too few), so the prefix is 32 − ${h} = /${prefix}.`,
        distractors: [
          {
            value: naive,
            misconception:
              "2^h ≥ hosts forgets the network and broadcast addresses: it needs 2^h − 2 ≥ hosts.",
          },
          {
            value: prefix + 1,
            misconception: "One bit too long: that subnet has too few assignable addresses for the hosts.",
          },
          {
            value: prefix - 1,
            misconception: "That subnet fits, but it is twice as large as needed.",
          },
          {
            value: h,
            misconception:
              "The number of host bits was given as the prefix; the prefix counts the network bits, 32 minus the host bits.",
          },
        ],
      };
    }
    const answer = 2 ** h - 2 - hosts;
    return {
      stem: `A new VLAN for ${segment} gets the smallest IPv4 subnet that holds its ${count(hosts)} hosts. Once every host has an address, how many assignable addresses remain free for growth?`,
      answer,
      unit: "addresses",
      working: `The smallest subnet is a /${prefix} (${h} host bits): 2^${h} − 2 = ${count(2 ** h - 2)} assignable addresses; ${count(2 ** h - 2)} − ${count(hosts)} = ${count(answer)} remain free.`,
      distractors: [
        {
          value: 2 ** h - hosts,
          misconception: "The network and broadcast addresses were counted as free; they cannot be assigned.",
        },
        {
          value: 2 ** h - 1 - hosts,
          misconception:
            "Only one reserved address was subtracted; the network and broadcast addresses both are.",
        },
        {
          value: 2 ** h - 3 - hosts,
          misconception:
            "The default gateway was counted as reserved; it takes one of the assignable addresses already counted among the hosts.",
        },
        {
          value: 2 ** (h + 1) - 2 - hosts,
          misconception: "This assumes a subnet twice the size of the smallest one that fits.",
        },
      ],
    };
  },
});

export const CISSP_FAMILIES: readonly Family[] = [
  keySpaceFamily,
  safeguardValueFamily,
  mtbfFamily,
  redundancyFamily,
  raidFamily,
  backupRestoreFamily,
  subnetFamily,
];
