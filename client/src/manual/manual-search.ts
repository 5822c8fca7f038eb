import type { ManualTopic } from '../../../protocol/src/manual';
import { MANUAL_KIND_LABELS } from '../../../protocol/src/manual';

/** Lower case, accents off (`pneu`, `Pneus`, `pnéu` are one word), punctuation as spaces. */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Weights of where a word is found: a title says most about a topic, a step least. */
const WEIGHTS = { title: 4, keywords: 3, kind: 3, summary: 2, steps: 1 } as const;

/**
 * The topics that match every word of `query` (each as the start of a word of the topic: `pres`
 * finds `pressures`), best first: by where the words are found, then in the manual's order. An
 * empty query returns every topic in order.
 */
export function searchManual<T extends Pick<ManualTopic, 'title' | 'summary' | 'keywords' | 'kind' | 'steps'>>(topics: readonly T[], query: string): T[] {
  const wanted = searchWords(query);
  if (wanted.length === 0) return [...topics];
  const scored = topics.flatMap((topic, order) => {
    const fields = {
      title: searchWords(topic.title),
      keywords: searchWords(topic.keywords.join(' ')),
      kind: searchWords(`${topic.kind} ${MANUAL_KIND_LABELS[topic.kind]}`),
      summary: searchWords(topic.summary),
      steps: searchWords(topic.steps.map((s) => s.text).join(' ')),
    };
    let score = 0;
    for (const word of wanted) {
      let best = 0;
      for (const [field, words] of Object.entries(fields) as [keyof typeof WEIGHTS, string[]][]) {
        if (words.some((w) => w.startsWith(word))) best = Math.max(best, WEIGHTS[field]);
      }
      if (best === 0) return [];
      score += best;
    }
    return [{ topic, score, order }];
  });
  return scored.sort((a, b) => b.score - a.score || a.order - b.order).map((s) => s.topic);
}
