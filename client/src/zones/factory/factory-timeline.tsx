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
  return (
    <OwnerPanel className="factory-timeline" kicker="Your car at the factory" title={`${twin.modelName} #${twin.tokenId}`} subtitle={`Now at: ${stageLabel(twin.stage)}`}>
      <TwinPicker twins={twins} selected={twin} onSelect={onSelect} />
      <ol className="timeline" aria-label="Production stages">
        {stageTimeline(twin).map((step) => (
          <li key={step.stage} className={`timeline-step timeline-${step.state}`} aria-current={step.state === 'current' ? 'step' : undefined}>
            <span className="timeline-dot" aria-hidden="true" />
            <span className="timeline-label">{step.label}</span>
            {step.at ? (
              <time className="timeline-date" dateTime={step.at}>
                {formatDate(step.at, { withTime: true })}
              </time>
            ) : (
              <span className="timeline-date">{step.state === 'ahead' ? 'Ahead' : '—'}</span>
            )}
            {step.state === 'current' && <span className="visually-hidden"> (your car is here)</span>}
          </li>
        ))}
      </ol>
    </OwnerPanel>
  );
}
