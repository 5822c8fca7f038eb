import type { ManualTopic, ManualTopicKind } from '../../../protocol/src/manual';
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

/** Chinese and Japanese are written without spaces: a word of theirs is found anywhere in a field, not only at a word's start. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

const found = (words: readonly string[], word: string) => (CJK.test(word) ? words.some((w) => w.includes(word)) : words.some((w) => w.startsWith(word)));

/**
 * The topics that match every word of `query` (each as the start of a word of the topic: `pres`
 * finds `pressures`; a Chinese or Japanese word anywhere in it), best first: by where the words
 * are found, then in the manual's order. An empty query returns every topic in order. A kind is
 * found by its id, its English heading and `kindLabel`'s (the page's language).
 */
export function searchManual<T extends Pick<ManualTopic, 'title' | 'summary' | 'keywords' | 'kind' | 'steps'>>(
  topics: readonly T[],
  query: string,
  kindLabel: (kind: ManualTopicKind) => string = (kind) => MANUAL_KIND_LABELS[kind],
): T[] {
  const wanted = searchWords(query);
  if (wanted.length === 0) return [...topics];
  const scored = topics.flatMap((topic, order) => {
    const fields = {
      title: searchWords(topic.title),
      keywords: searchWords(topic.keywords.join(' ')),
      kind: searchWords(`${topic.kind} ${MANUAL_KIND_LABELS[topic.kind]} ${kindLabel(topic.kind)}`),
      summary: searchWords(topic.summary),
      steps: searchWords(topic.steps.map((s) => s.text).join(' ')),
    };
    let score = 0;
    for (const word of wanted) {
      let best = 0;
      for (const [field, words] of Object.entries(fields) as [keyof typeof WEIGHTS, string[]][]) {
        if (found(words, word)) best = Math.max(best, WEIGHTS[field]);
      }
      if (best === 0) return [];
      score += best;
    }
    return [{ topic, score, order }];
  });
  return scored.sort((a, b) => b.score - a.score || a.order - b.order).map((s) => s.topic);
}
