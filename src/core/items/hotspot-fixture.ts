/** A small hotspot item as authored, for tests of the type, its delivery, lint and players. */
export const hotspotFixture = {
  id: "hs-1",
  status: "live",
  type: "hotspot",
  outlines: ["cissp:4.1.1"],
  stem: "A web shop must stop attacks on its application before they reach the web servers. Which position is BEST for the web application firewall?",
  references: ["NIST SP 800-41 Rev. 1 §2"],
  explanation: "Inspect HTTP where it enters, after TLS ends.",
  diagram: {
    width: 400,
    height: 200,
    boxes: [
      { x: 10, y: 80, w: 60, h: 40, label: "Internet", kind: "cloud" },
      { x: 150, y: 80, w: 60, h: 40, label: "Edge router" },
      { x: 300, y: 80, w: 80, h: 40, label: "Web servers" },
    ],
    links: [
      {
        points: [
          [70, 100],
          [150, 100],
          [300, 100],
        ],
      },
    ],
    notes: [{ x: 10, y: 190, text: "TLS ends at the edge router" }],
  },
  options: [
    {
      id: "A",
      text: "Link from the Internet to the edge router",
      rationale: "Before TLS ends: encrypted.",
      shape: { kind: "rect", x: 80, y: 85, w: 60, h: 30 },
    },
    {
      id: "B",
      text: "Link from the edge router to the web servers",
      rationale: "Plain HTTP, before the servers.",
      shape: { kind: "rect", x: 220, y: 85, w: 70, h: 30 },
    },
    {
      id: "C",
      text: "Inside the web server zone",
      rationale: "Too late: already on the servers.",
      shape: { kind: "circle", cx: 340, cy: 160, r: 20 },
    },
    {
      id: "D",
      text: "Beside the Internet cloud",
      rationale: "Outside the organisation's control.",
      shape: {
        kind: "polygon",
        points: [
          [10, 10],
          [70, 10],
          [40, 60],
        ],
      },
    },
  ],
  key: "B",
};
