/**
 * Domain proficiency, as real score reports label it: Above, Near or Below the passing standard.
 * Above when the domain's 95% interval lies wholly above the cut, Below when wholly below,
 * otherwise Near.
 */
export type Proficiency = "Above" | "Near" | "Below";

export const Z95 = 1.959963984540054;

export function proficiency(theta: number, se: number, cutTheta: number): Proficiency {
  if (theta - Z95 * se > cutTheta) return "Above";
  if (theta + Z95 * se < cutTheta) return "Below";
  return "Near";
}
