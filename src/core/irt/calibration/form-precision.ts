/**
 * How precisely a form measures: test information and the conditional standard error of
 * measurement at any θ, marginal reliability over the population, and the consistency and accuracy
 * of pass/fail decisions at a cut score (Rudner, 2001, 2005).
 *
 * Marginal reliability: σ²_θ / (σ²_θ + E[SEM²(θ)]), the expectation over the population (Green,
 * Bock, Humphreys, Linn & Reckase, 1984), with SEM²(θ) = 1/I(θ).
 *
 * Rudner's method: the estimate θ̂ at true θ is taken as normal with mean θ and SD SEM(θ), so the
 * chance of passing is p(θ) = Φ((θ − cut)/SEM(θ)). Accuracy is the expected chance that the decision
 * matches the true status, consistency the chance that two independent parallel administrations
 * agree, p² + (1 − p)². Both are integrated over the population on the quadrature grid, or summed
 * over a set of examinees' estimates with their SEs (Rudner's original form).
 */
import { type ItemParameters, itemInformation } from "../models.js";
import { normalCdf } from "./distributions.js";
import { normalQuadrature, type QuadratureOptions } from "./quadrature.js";

export function testInformation(items: readonly ItemParameters[], theta: number): number {
  let s = 0;
  for (const p of items) s += itemInformation(theta, p);
  return s;
}

/** Conditional SEM at θ: 1/√I(θ) (infinite where the form has no information). */
export function conditionalSem(items: readonly ItemParameters[], theta: number): number {
  const info = testInformation(items, theta);
  return info > 0 ? 1 / Math.sqrt(info) : Number.POSITIVE_INFINITY;
}

export interface PrecisionPoint {
  theta: number;
  information: number;
  sem: number;
}

/** Information and SEM at each θ of `thetas` (default −3 … 3 by 0.5). */
export function precisionCurve(
  items: readonly ItemParameters[],
  thetas: readonly number[] = Array.from({ length: 13 }, (_, k) => -3 + k / 2),
): PrecisionPoint[] {
  return thetas.map((theta) => ({
    theta,
    information: testInformation(items, theta),
    sem: conditionalSem(items, theta),
  }));
}

export interface Population {
  mean?: number;
  sd?: number;
  quadrature?: QuadratureOptions;
}

export function marginalReliability(items: readonly ItemParameters[], population: Population = {}): number {
  const { mean = 0, sd = 1 } = population;
  const { nodes, weights } = normalQuadrature(mean, sd, population.quadrature);
  let errorVariance = 0;
  for (let q = 0; q < nodes.length; q++) {
    const info = testInformation(items, nodes[q]!);
    errorVariance += weights[q]! * (info > 0 ? 1 / info : Number.POSITIVE_INFINITY);
  }
  return (sd * sd) / (sd * sd + errorVariance);
}

export interface DecisionQuality {
  /** Probability that the pass/fail decision matches the true status. */
  accuracy: number;
  /** Probability that two parallel administrations give the same decision. */
  consistency: number;
  /** Expected share of false passes and false fails (they sum to 1 − accuracy). */
  falsePass: number;
  falseFail: number;
}

/** Rudner's decision accuracy and consistency of a form at `cut` over a normal population. */
export function decisionQuality(
  items: readonly ItemParameters[],
  cut: number,
  population: Population = {},
): DecisionQuality {
  const { mean = 0, sd = 1 } = population;
  const { nodes, weights } = normalQuadrature(mean, sd, population.quadrature);
  const points = Array.from(nodes, (theta, q) => ({
    theta,
    weight: weights[q]!,
    sem: conditionalSem(items, theta),
  }));
  return rudner(points, cut);
}

/** Rudner's indices over examinees' estimates and SEs (each examinee weight 1). */
export function decisionQualityFromEstimates(
  estimates: readonly { theta: number; se: number }[],
  cut: number,
): DecisionQuality {
  return rudner(
    estimates.map((e) => ({ theta: e.theta, sem: e.se, weight: 1 / estimates.length })),
    cut,
  );
}

function rudner(points: { theta: number; sem: number; weight: number }[], cut: number): DecisionQuality {
  let accuracy = 0;
  let consistency = 0;
  let falsePass = 0;
  let falseFail = 0;
  for (const { theta, sem, weight } of points) {
    const pass = Number.isFinite(sem) ? normalCdf((theta - cut) / sem) : 0.5;
    const right = theta >= cut ? pass : 1 - pass;
    accuracy += weight * right;
    consistency += weight * (pass * pass + (1 - pass) * (1 - pass));
    if (theta >= cut) falseFail += weight * (1 - pass);
    else falsePass += weight * pass;
  }
  return { accuracy, consistency, falsePass, falseFail };
}
