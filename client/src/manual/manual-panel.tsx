import { use, useEffect, useId, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { ManualView } from '../../../protocol/src/manual';
import { kindLabel, useLocalizedManual } from './manual-language';
import { loadManual } from './manual-client';
import { searchManual } from './manual-search';
import { manualStore } from './manual-store';
import '../ui/owner-panel.css';
import './manual-panel.css';

/** Props of {@link ManualPanel}. */
export interface ManualPanelProps {
  /** The car's model id (`astrale-2025`): whose manual to show. */
  model: string;
  /** In the flat page's flow instead of hung under the top bar. */
  inline?: boolean;
  /** Whether the topics show at first (hung panels fold away). */
  defaultOpen?: boolean;
}

/** A step's picture as an image: the SVG markup from the API as a data URL, so nothing in it runs. */
export function pictureUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/**
 * The car's manual in 2D: a search over its how-to topics, the list, and the open topic with its
 * steps and pictures. The hotspots on the car in the 3D scene open the same topics (one store), so
 * a click on the car's tyre shows the tyre pressures here. Shows nothing for a model without a manual.
 */
export function ManualPanel({ model, inline = false, defaultOpen = true }: ManualPanelProps) {
  const { t } = useTranslation();
  const manual = useLocalizedManual(use(loadManual(model)));
  const state = useSyncExternalStore(manualStore.subscribe, manualStore.get);
  const [unfolded, setUnfolded] = useState(defaultOpen);
  const id = useId();
  const topic = manual?.topics.find((t) => t.id === state.topicId);
  // A hotspot pressed while folded unfolds it, and it stays so: the visitor asked for the manual.
  useEffect(() => {
    if (topic) setUnfolded(true);
  }, [topic]);
  if (!manual) return null;
  const open = unfolded || topic !== undefined;
  return (
    <section
      aria-labelledby={`${id}-title`}
      className={['manual-panel', inline ? 'manual-inline' : 'hung-panel owner-panel'].join(' ')}
      data-testid="manual-panel"
      data-topic={topic?.id ?? ''}
      onKeyDown={(event) => event.stopPropagation()}
    >
      <header className="hung-panel-header">
        <h2 id={`${id}-title`}>
          <span className="hung-panel-kicker">{t('manual.kicker')}</span> {manual.title.split(' — ')[0]}
        </h2>
        {!inline && (
          <button
            type="button"
            aria-expanded={open}
            aria-controls={`${id}-body`}
            onClick={() => {
              if (open) manualStore.close();
              setUnfolded(!open);
            }}
          >
            {open ? t('common.hide') : t('common.show')}
          </button>
        )}
      </header>
      <div id={`${id}-body`} hidden={!open}>
        <p className="hung-panel-note">{t('manual.note')}</p>
        <input
          type="search"
          className="manual-search"
          aria-label={t('manual.search')}
          placeholder={t('manual.placeholder')}
          value={state.query}
          maxLength={80}
          onChange={(event) => manualStore.search(event.target.value)}
        />
        {topic ? <Topic topic={topic} /> : <TopicList manual={manual} query={state.query} />}
      </div>
    </section>
  );
}

function TopicList({ manual, query }: { manual: ManualView; query: string }) {
  const { t } = useTranslation();
  const found = searchManual(manual.topics, query, kindLabel);
  if (found.length === 0) {
    return (
      <p className="owner-note" role="status">
        {t('manual.nothing', { query })}
      </p>
    );
  }
  return (
    <ul className="manual-topics" aria-label={query ? t('manual.topicsMatching', { query }) : t('manual.topics')}>
      {found.map((topic) => (
        <li key={topic.id}>
          <button type="button" className="manual-topic-button" data-topic-id={topic.id} onClick={() => manualStore.open(topic.id)}>
            <span className="manual-kind">{kindLabel(topic.kind)}</span>
            <span className="manual-topic-title">{topic.title}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function Topic({ topic }: { topic: ManualView['topics'][number] }) {
  const { t } = useTranslation();
  return (
    <article className="manual-topic" aria-labelledby={`topic-${topic.id}`}>
      <button type="button" className="manual-back" onClick={() => manualStore.close()}>
        {t('manual.allTopics')}
      </button>
      <p className="manual-kind">{kindLabel(topic.kind)}</p>
      <h3 id={`topic-${topic.id}`}>{topic.title}</h3>
      <p className="manual-summary">{topic.summary}</p>
      <ol className="manual-steps">
        {topic.steps.map((step, i) => (
          <li key={i}>
            <span>{step.text}</span>
            {step.svg && <img className="manual-picture" src={pictureUrl(step.svg)} alt="" width={120} height={80} />}
          </li>
        ))}
      </ol>
    </article>
  );
}
