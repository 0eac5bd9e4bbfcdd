/**
 * How an item performed, on its page in the editor: its statistics from the finished attempts that
 * delivered it (each version apart, the latest first), its options by score group and its flags.
 */
import { call, endpoints, HttpProblem } from "../../api.js";
import { useApi } from "../../lib/use-api.js";
import { ItemAnalysisCard } from "../analysis/analysis-view.js";

export function ItemAnalysisPanel({ itemId, exam }: { itemId: string; exam: string }) {
  const loaded = useApi(
    () => call(endpoints.itemAnalysis, { query: { exam, item: itemId } }),
    [exam, itemId],
  );
  const analysis = loaded.data?.analysis;
  const notInBank = loaded.error instanceof HttpProblem && loaded.error.problem.status === 404;
  return (
    <section className="card" aria-labelledby="item-analysis-title">
      <h2 id="item-analysis-title">How it performed</h2>
      {loaded.loading && !analysis && <p>Loading the item analysis…</p>}
      {notInBank ? (
        <p>No analysis yet: the item is not in the bank candidates are given.</p>
      ) : (
        loaded.message && (
          <p role="alert" className="error">
            {loaded.message}
          </p>
        )
      )}
      {analysis && analysis.items.length === 0 && (
        <p>
          No finished attempt has delivered this item as a scored item yet ({analysis.attempts} finished{" "}
          {exam.toUpperCase()} attempt{analysis.attempts === 1 ? "" : "s"} in all).
        </p>
      )}
      {analysis &&
        [...analysis.items]
          .sort((x, y) => y.version - x.version)
          .map((item) => <ItemAnalysisCard key={item.unit} item={item} analysis={analysis} />)}
    </section>
  );
}
