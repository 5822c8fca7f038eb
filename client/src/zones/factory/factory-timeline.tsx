import { useTranslation } from 'react-i18next';
import type { OwnerTwin } from '../../../../protocol/src/twin-api';
import { formatDate, stageLabel, stageTimeline } from '../../owner/owner-journey';
import { OwnerPanel, TwinPicker } from '../../ui/owner-panel';

/** Props of {@link FactoryTimeline}. */
export interface FactoryTimelineProps {
  /** The owner's twins still being built. */
  twins: readonly OwnerTwin[];
  twin: OwnerTwin;
  onSelect: (tokenId: string) => void;
}

/**
 * An owner's car on the factory line: the production stages in order with the date each was
 * reached, the current one marked (`aria-current="step"`) and highlighted; the car itself
 * stands at that station in the hall.
 */
export function FactoryTimeline({ twins, twin, onSelect }: FactoryTimelineProps) {
  const { t } = useTranslation();
  return (
    <OwnerPanel className="factory-timeline" kicker={t('owner.factory.kicker')} title={`${twin.modelName} #${twin.tokenId}`} subtitle={t('owner.factory.nowAt', { stage: stageLabel(twin.stage) })}>
      <TwinPicker twins={twins} selected={twin} onSelect={onSelect} />
      <ol className="timeline" aria-label={t('owner.factory.stages')}>
        {stageTimeline(twin).map((step) => (
          <li key={step.stage} className={`timeline-step timeline-${step.state}`} aria-current={step.state === 'current' ? 'step' : undefined}>
            <span className="timeline-dot" aria-hidden="true" />
            <span className="timeline-label">{step.label}</span>
            {step.at ? (
              <time className="timeline-date" dateTime={step.at}>
                {formatDate(step.at, { withTime: true })}
              </time>
            ) : (
              <span className="timeline-date">{step.state === 'ahead' ? t('owner.factory.ahead') : '—'}</span>
            )}
            {step.state === 'current' && <span className="visually-hidden"> {t('owner.factory.here')}</span>}
          </li>
        ))}
      </ol>
    </OwnerPanel>
  );
}
