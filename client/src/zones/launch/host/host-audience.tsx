import { useQuery } from '@tanstack/react-query';
import { useCallback, useId, useState } from 'react';
import type { Attendee, Question, ShowState } from '../../../../../protocol/src/launch';
import type { ModerationInput } from '../../../../../protocol/src/launch-input';
import { markAnswered, moderate } from '../launch-client';
import { launchQueries } from '../launch-queries';

/** Props of {@link HostAudience}. */
export interface HostAudienceProps {
  eventId: string;
  /** The host's session token now. */
  token: () => string;
  show: ShowState;
}

/** Slow-mode choices, seconds between two chat lines of one attendee (0: off). */
const SLOW_MODES = [0, 5, 10, 30, 60, 120] as const;

/** Attendee actions that take a second click, as they cannot be undone from here. */
type Drastic = 'remove' | 'ban';

/** The console's two audience sections, each saying what its own actions did. */
type Section = 'qa' | 'attendees';

/** Carries out a moderation action and says `done` in `section` (or what went wrong). */
type Act = (section: Section, action: ModerationInput, done: string) => Promise<void>;

/**
 * The host's view of the audience: the Q&A (raised hands to bring on stage, questions by votes
 * to mark answered), every attendee with their state and the moderation they may need (mute,
 * stage, remove, ban — the last two asked twice), and the chat's slow mode. Refreshed every few
 * seconds; each action refreshes at once.
 */
export function HostAudience({ eventId, token, show }: HostAudienceProps) {
  const attendees = useQuery(launchQueries.attendees(eventId, token));
  const questions = useQuery(launchQueries.questions(eventId, token));
  // What the last action did, said in the section it was taken in.
  const [message, setMessage] = useState<{ section: Section; text: string; problem?: boolean }>();
  const { refetch: refreshAttendees } = attendees;

  const act = useCallback(
    async (section: Section, action: ModerationInput, done: string) => {
      setMessage(undefined);
      try {
        await moderate(eventId, action, token());
        setMessage({ section, text: done });
      } catch (error) {
        setMessage({ section, problem: true, text: `Not done: ${error instanceof Error ? error.message : String(error)}` });
      }
      void refreshAttendees();
    },
    [eventId, token, refreshAttendees],
  );

  const answered = async (question: Question) => {
    try {
      await markAnswered(eventId, question.id, token());
      setMessage({ section: 'qa', text: `Marked answered: “${question.text}”.` });
    } catch (error) {
      setMessage({ section: 'qa', problem: true, text: `Not marked: ${error instanceof Error ? error.message : String(error)}` });
    }
    void questions.refetch();
  };

  const hands = (attendees.data ?? []).filter((attendee) => attendee.handRaised);
  const status = (section: Section) => {
    const shown = message?.section === section ? message : undefined;
    return (
      <p className={shown?.problem ? 'host-problem' : 'host-status'} role={shown?.problem ? 'alert' : 'status'}>
        {shown?.text}
      </p>
    );
  };
  return (
    <>
      <section className="host-card" aria-labelledby="host-qa">
        <h2 id="host-qa">Q&amp;A</h2>
        <div className="host-columns">
          <div>
            <h3>Raised hands ({hands.length})</h3>
            {hands.length === 0 ? (
              <p className="host-note">No hands raised.</p>
            ) : (
              <ul className="host-list">
                {hands.map((attendee) => (
                  <li key={attendee.sessionId}>
                    <span>{attendee.name}</span>
                    {attendee.onStage ? (
                      <button type="button" onClick={() => void act('qa', { action: 'unstage', sessionId: attendee.sessionId }, `${attendee.name} is back in the audience.`)}>
                        Back to the audience<span className="visually-hidden">: {attendee.name}</span>
                      </button>
                    ) : (
                      <button type="button" onClick={() => void act('qa', { action: 'stage', sessionId: attendee.sessionId }, `${attendee.name} is on stage.`)}>
                        Bring on stage<span className="visually-hidden">: {attendee.name}</span>
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            <h3>Questions ({questions.data?.filter((q) => !q.answered).length ?? 0} open)</h3>
            {questions.error && <p className="host-problem">Questions unavailable: {questions.error.message}</p>}
            {questions.data?.length === 0 && <p className="host-note">No questions yet.</p>}
            {questions.data && questions.data.length > 0 && (
              <ol className="host-list">
                {[...questions.data]
                  .sort((a, b) => Number(a.answered) - Number(b.answered) || b.votes - a.votes || a.at - b.at)
                  .map((question) => (
                    <li key={question.id} className={question.answered ? 'done' : undefined}>
                      <span>
                        <span className="host-votes" aria-label={`${question.votes} ${question.votes === 1 ? 'vote' : 'votes'}`}>
                          {question.votes}
                        </span>{' '}
                        {question.text} <span className="host-muted">— {question.name}</span>
                      </span>
                      {question.answered ? (
                        <span className="host-tag">Answered</span>
                      ) : (
                        <button type="button" onClick={() => void answered(question)}>
                          Mark answered<span className="visually-hidden">: {question.text}</span>
                        </button>
                      )}
                    </li>
                  ))}
              </ol>
            )}
          </div>
        </div>
        {status('qa')}
      </section>
      <section className="host-card" aria-labelledby="host-attendees">
        <div className="host-heading">
          <h2 id="host-attendees">Attendees ({attendees.data?.length ?? 0})</h2>
          <button
            type="button"
            aria-pressed={show.audienceSilent === true}
            onClick={() =>
              void act(
                'attendees',
                { action: 'audience-voice', silent: !show.audienceSilent },
                show.audienceSilent ? 'The audience is heard again by those near them.' : 'Only the stage is heard now.',
              )
            }
          >
            {show.audienceSilent ? 'Let the audience speak' : 'Only the stage speaks'}
          </button>
          <SlowMode current={show.slowModeSeconds} onApply={(seconds) => act('attendees', { action: 'slow-mode', seconds }, seconds ? `Slow mode: ${seconds} s.` : 'Slow mode is off.')} />
        </div>
        {attendees.error && (
          <p className="host-problem" role="alert">
            Attendees unavailable: {attendees.error.message}
          </p>
        )}
        {attendees.data?.length === 0 && <p className="host-note">Nobody is in the arena yet.</p>}
        {attendees.data && attendees.data.length > 0 && (
          <div className="host-scroll">
            <table className="host-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Device</th>
                  <th scope="col">Instance</th>
                  <th scope="col">State</th>
                  <th scope="col">Moderation</th>
                </tr>
              </thead>
              <tbody>
                {attendees.data.map((attendee) => (
                  <AttendeeRow key={attendee.sessionId} attendee={attendee} act={act} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {status('attendees')}
      </section>
    </>
  );
}

/** One attendee's row: who, how, where, their state, and what the host can do to them. */
function AttendeeRow({ attendee, act }: { attendee: Attendee; act: Act }) {
  const [confirming, setConfirming] = useState<Drastic>();
  const { sessionId, name } = attendee;
  const state = [
    attendee.signedIn ? 'wallet' : 'guest',
    attendee.handRaised && 'hand raised',
    attendee.muted && 'muted',
    attendee.onStage && 'on stage',
  ].filter(Boolean);
  const who = <span className="visually-hidden">: {name}</span>;
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>{attendee.device}</td>
      <td className="host-muted">{attendee.roomId}</td>
      <td>{state.join(' · ')}</td>
      <td>
        <div className="host-row-actions">
          {confirming ? (
            <>
              <span>
                {confirming === 'ban' ? `Ban ${name} from this event?` : `Remove ${name}? They will not be let back into this event.`}
              </span>
              <button
                type="button"
                className="host-danger"
                autoFocus
                onClick={() => {
                  setConfirming(undefined);
                  void act('attendees', { action: confirming, sessionId }, confirming === 'ban' ? `${name} is banned.` : `${name} was removed.`);
                }}
              >
                {confirming === 'ban' ? 'Confirm ban' : 'Confirm removal'}
              </button>
              <button type="button" onClick={() => setConfirming(undefined)}>
                Cancel
              </button>
            </>
          ) : (
            <>
              <button type="button" onClick={() => void act('attendees', { action: attendee.muted ? 'unmute' : 'mute', sessionId }, attendee.muted ? `${name} may chat again.` : `${name} is muted.`)}>
                {attendee.muted ? 'Unmute' : 'Mute'}
                {who}
              </button>
              <button
                type="button"
                onClick={() => void act('attendees', { action: attendee.onStage ? 'unstage' : 'stage', sessionId }, attendee.onStage ? `${name} is back in the audience.` : `${name} is on stage.`)}
              >
                {attendee.onStage ? 'Back to the audience' : 'Bring on stage'}
                {who}
              </button>
              <button type="button" onClick={() => setConfirming('remove')}>
                Remove{who}
              </button>
              <button type="button" className="host-danger" onClick={() => setConfirming('ban')}>
                Ban{who}
              </button>
            </>
          )}
        </div>
      </td>
    </tr>
  );
}

/** The chat's slow mode: a choice of intervals and Apply. */
function SlowMode({ current, onApply }: { current: number; onApply: (seconds: number) => void }) {
  const id = useId();
  const [chosen, setChosen] = useState<number>();
  const value = chosen ?? current;
  const options: readonly number[] = SLOW_MODES.includes(current as (typeof SLOW_MODES)[number]) ? SLOW_MODES : [...SLOW_MODES, current].sort((a, b) => a - b);
  return (
    <div className="host-slow-mode">
      <label htmlFor={id}>Chat slow mode</label>
      <select id={id} value={value} onChange={(e) => setChosen(Number(e.target.value))}>
        {options.map((seconds) => (
          <option key={seconds} value={seconds}>
            {seconds === 0 ? 'Off' : `One line per ${seconds} s`}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={value === current}
        onClick={() => {
          onApply(value);
          setChosen(undefined);
        }}
      >
        Apply
      </button>
    </div>
  );
}
