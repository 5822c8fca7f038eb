import type { ReactNode } from 'react';

/** Props of {@link PanelStatus}. */
export interface PanelStatusProps {
  /** Where an action is, or how it ended. */
  text?: ReactNode;
  /** What went wrong; shown only when there is something. */
  problem?: ReactNode;
}

/**
 * A panel's status line and its problem. The status region is always there, so that a screen
 * reader announces the text that comes into it later; a problem is an alert, read out at once.
 */
export function PanelStatus({ text, problem }: PanelStatusProps) {
  return (
    <>
      <p className="owner-status" role="status">
        {text}
      </p>
      {problem && (
        <p className="owner-problem" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
