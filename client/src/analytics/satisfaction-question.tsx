import { useMutation } from '@tanstack/react-query';
import { useState, useSyncExternalStore } from 'react';
import type { SatisfactionAnswer } from '../../../protocol/src/analytics-api';
import { request } from '../net/api';
import { deviceId } from '../net/device-id';
import { consent } from '../privacy/consent-store';
import './satisfaction-question.css';

/** Props of {@link SatisfactionQuestion}. */
export interface SatisfactionQuestionProps {
  /** The launch asked about. */
  eventId: string;
  /** The signed-in person's session token, if any (their consent is read by the server). */
  token?: string;
}

/**
 * The question after a launch: a score from 0 to 10 and an optional comment. Asked only of people
 * who agreed to analytics; the answer counts in the brand team's figures, never alone.
 */
export function SatisfactionQuestion({ eventId, token }: SatisfactionQuestionProps) {
  const agreed = useSyncExternalStore(consent.subscribe, () => consent.get().analytics);
  const [score, setScore] = useState<number>();
  const [comment, setComment] = useState('');
  const send = useMutation({
    mutationFn: () => {
      const device = token ? undefined : deviceId();
      const body: SatisfactionAnswer = { eventId, score: score!, ...(comment.trim() ? { comment: comment.trim() } : {}), ...(token ? {} : { consent: true, ...(device ? { device } : {}) }) };
      return request('/api/analytics/satisfaction', { method: 'POST', token, body });
    },
  });
  if (!agreed) return null;
  if (send.isSuccess) return <p role="status">Thank you for your answer.</p>;
  return (
    <fieldset className="satisfaction" aria-label="How was the launch?">
      <legend>How was the launch? (0 not at all, 10 superb)</legend>
      <div className="satisfaction-scores" role="radiogroup" aria-label="Score">
        {Array.from({ length: 11 }, (_, n) => (
          <button key={n} type="button" role="radio" aria-checked={score === n} onClick={() => setScore(n)}>
            {n}
          </button>
        ))}
      </div>
      <textarea aria-label="A comment (optional)" maxLength={500} value={comment} onChange={(event) => setComment(event.target.value)} rows={2} />
      <button type="button" disabled={score === undefined || send.isPending} onClick={() => send.mutate()}>
        Send
      </button>
      {send.error && <p role="alert">{send.error.message}</p>}
    </fieldset>
  );
}
