import { useEffect, useId, useState, useSyncExternalStore, type FormEvent } from 'react';
import { SatisfactionQuestion } from '../../analytics/satisfaction-question';
import type { LaunchEvent, Question } from '../../../../protocol/src/launch';
import { CHAT_MAX_LENGTH, EMOTES, type Emote } from '../../../../protocol/src/social';
import type { LaunchChannel } from '../../net/launch-channel';
import { emoteLabel } from '../../ui/emote-labels';
import { OwnerPanel } from '../../ui/owner-panel';
import { PanelStatus } from '../../ui/panel-status';
import type { SignedInSession } from '../../wallet/session-store';
import type { WorldInfo } from '../../wallet/world-info';
import { serverNow } from './clock';
import type { KeynotePlayer } from './keynote-player';
import { requestBadgeClaim } from './launch-client';
import type { OverflowStream } from './overflow-stream';
import { CUE_LABELS, cueAnnouncement, formatCountdown, formatStart, hasReached } from './show';
import type { ShowFeed } from '../../net/show-feed';
import './launch-panel.css';

/** Props of {@link LaunchPanel}. */
export interface LaunchPanelProps {
  event: LaunchEvent;
  /** The show as this page hears it: the launch room's channel, or the overflow stream. */
  feed: ShowFeed;
  /** The launch room's channel, for an attendee with an avatar: hands, questions and votes go through it. */
  channel?: LaunchChannel;
  /** The overflow tier's stream, for an attendee without an avatar: the audience's figures come with it. */
  stream?: OverflowStream;
  player?: KeynotePlayer;
  world: WorldInfo;
  /** A wallet's session: it can claim the attendance badge. */
  session?: SignedInSession;
}

/**
 * An attendee's launch panel, beside the 3D stage: the show in words (a live region announces
 * each cue; a timer counts down to the start), the keynote's sound, the Q&A (raise a hand,
 * ask, upvote others' questions once each), the audience's figures in the overflow tier, a
 * note when the host brought this attendee on stage, and the attendance badge to claim once
 * the show is closed or the stay is long enough (a wallet's session).
 */
export default function LaunchPanel({ event, feed, channel, stream, player, world, session }: LaunchPanelProps) {
  const show = useSyncExternalStore(
    (onChange) => feed.on('show', onChange),
    () => feed.show,
  );
  return (
    <OwnerPanel className="launch-panel" kicker={show ? CUE_LABELS[show.cue] : 'Live launch'} title={event.title} subtitle={`Starts ${formatStart(Date.parse(event.startsAt))}`}>
      <ShowStatus event={event} feed={feed} />
      {player && show?.cue === 'keynote' && <KeynoteSound player={player} />}
      {channel ? <OnStageNote channel={channel} /> : <OverflowFigures stream={stream} />}
      <QuestionsAndHands feed={feed} channel={channel} />
      <BadgeClaim event={event} feed={feed} world={world} session={session} />
      {(show?.cue === 'after-party' || show?.cue === 'closed') && <SatisfactionQuestion eventId={event.id} token={session?.token} />}
    </OwnerPanel>
  );
}

/** The cue in words (a polite live region, said once per cue) and the time to the start (a timer, not announced at every tick). */
function ShowStatus({ event, feed }: { event: LaunchEvent; feed: ShowFeed }) {
  const show = useSyncExternalStore(
    (onChange) => feed.on('show', onChange),
    () => feed.show,
  );
  const startsAt = Date.parse(event.startsAt);
  const [now, setNow] = useState(serverNow);
  const counting = !hasReached(show, 'keynote');
  useEffect(() => {
    if (!counting) return;
    const timer = setInterval(() => setNow(serverNow()), 1000);
    return () => clearInterval(timer);
  }, [counting]);
  return (
    <div className="launch-status">
      <p role="status" aria-live="polite" data-testid="launch-cue">
        {cueAnnouncement(show, event.title)}
      </p>
      {counting && (
        <p className="launch-countdown">
          {startsAt > now ? 'Starts in ' : 'Starting now '}
          <span role="timer" aria-label="Time to the start">
            {formatCountdown(startsAt - now)}
          </span>
        </p>
      )}
    </div>
  );
}

/** The keynote's sound (it starts muted, as browsers require), a start the browser blocked, or why there is no video. */
function KeynoteSound({ player }: { player: KeynotePlayer }) {
  const status = useSyncExternalStore(
    (onChange) => player.on(onChange),
    () => player.state,
  );
  const muted = useSyncExternalStore(
    (onChange) => player.on(onChange),
    () => player.muted,
  );
  if (status === 'failed') {
    return (
      <p className="owner-problem" role="alert">
        The keynote video could not be loaded: {player.problem}. The show goes on.
      </p>
    );
  }
  if (status === 'blocked') {
    return (
      <button type="button" className="primary" onClick={() => player.setMuted(false)}>
        Play the keynote
      </button>
    );
  }
  return (
    <button type="button" onClick={() => player.setMuted(!muted)}>
      {muted ? 'Turn the keynote’s sound on' : 'Mute the keynote'}
    </button>
  );
}

/** Tells an attendee the host brought them onto the stage (their view moves there) and back. */
function OnStageNote({ channel }: { channel: LaunchChannel }) {
  const onStage = useSyncExternalStore(
    (onChange) => channel.on('own', onChange),
    () => channel.own.stage,
  );
  return (
    <p className="launch-stage-note" role="status">
      {onStage ? 'The host brought you on stage: everyone can see you.' : ''}
    </p>
  );
}

/** The overflow tier's view of the audience: how many are in the arena and watching, and the reactions so far. */
function OverflowFigures({ stream }: { stream?: OverflowStream }) {
  const figures = useSyncExternalStore(
    (onChange) => stream?.on('figures', onChange) ?? (() => {}),
    () => stream?.figures,
  );
  const state = useSyncExternalStore(
    (onChange) => stream?.on('state', onChange) ?? (() => {}),
    () => stream?.state,
  );
  const reactions = Object.entries(figures?.reactions ?? {}).filter(([, count]) => count > 0);
  return (
    <section className="launch-overflow" aria-label="The audience">
      <p className="owner-note">
        You are watching without an avatar{state === 'reconnecting' || state === 'closed' ? ' · reconnecting to the show…' : '.'}
      </p>
      {figures && (
        <p data-testid="launch-audience">
          <strong>{figures.embodied.toLocaleString()}</strong> in the arena · <strong>{figures.overflow.toLocaleString()}</strong> watching
        </p>
      )}
      {reactions.length > 0 && (
        <ul className="launch-reactions" aria-label="Reactions so far">
          {reactions.map(([emote, count]) => (
            <li key={emote}>
              <span aria-hidden="true">{(EMOTES as readonly string[]).includes(emote) ? emoteLabel(emote as Emote) : emote}</span>
              <span className="visually-hidden">{emote}</span> {count.toLocaleString()}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * The Q&A: a hand to raise, a question to ask, and everyone's questions by votes, each upvoted
 * once. The overflow tier, which has no room to send them through, reads the questions only.
 */
function QuestionsAndHands({ feed, channel }: { feed: ShowFeed; channel?: LaunchChannel }) {
  const id = useId();
  const questions = useSyncExternalStore(
    (onChange) => feed.on('questions', onChange),
    () => feed.questions,
  );
  const raised = useSyncExternalStore(
    (onChange) => channel?.on('own', onChange) ?? (() => {}),
    () => channel?.own.hand ?? false,
  );
  const [draft, setDraft] = useState('');
  const [voted, setVoted] = useState<ReadonlySet<number>>(new Set());
  const [problem, setProblem] = useState<string>();
  const [sent, setSent] = useState(false);
  const ask = (submitted: FormEvent) => {
    submitted.preventDefault();
    const text = draft.trim();
    if (text.length < 3) return setProblem('Write a question of at least 3 characters.');
    setProblem(undefined);
    channel?.ask(text);
    setDraft('');
    setSent(true);
  };

  const upvote = (question: Question) => {
    channel?.upvote(question.id);
    setVoted((current) => new Set(current).add(question.id));
  };

  return (
    <section className="launch-qa" aria-labelledby={`${id}-qa`}>
      <h3 id={`${id}-qa`}>Questions</h3>
      {channel && (
        <button type="button" aria-pressed={raised} onClick={() => channel.raiseHand(!raised)}>
          {raised ? 'Lower your hand' : 'Raise your hand'}
        </button>
      )}
      {channel && (
        <form className="launch-ask" onSubmit={ask}>
          <label htmlFor={`${id}-ask`}>Ask a question</label>
          <div>
            <input
              id={`${id}-ask`}
              value={draft}
              maxLength={CHAT_MAX_LENGTH}
              autoComplete="off"
              onChange={(change) => {
                setDraft(change.target.value);
                setSent(false);
              }}
            />
            <button type="submit" disabled={!draft.trim()}>
              Ask
            </button>
          </div>
        </form>
      )}
      <PanelStatus text={sent ? 'Your question was sent to the hosts.' : ''} problem={problem} />
      {questions.length === 0 ? (
        <p className="owner-note">No questions yet.</p>
      ) : (
        <ol className="launch-questions">
          {questions.map((question) => (
            <li key={question.id} className={question.answered ? 'answered' : undefined}>
              <span>
                {question.text}
                <span className="launch-question-by">
                  {question.name}
                  {question.answered ? ' · answered' : ''}
                </span>
              </span>
              {channel ? (
                <button
                  type="button"
                  aria-pressed={voted.has(question.id)}
                  aria-label={`Upvote “${question.text}” (${question.votes} ${question.votes === 1 ? 'vote' : 'votes'})`}
                  disabled={voted.has(question.id) || question.answered}
                  onClick={() => upvote(question)}
                >
                  ▲ {question.votes}
                </button>
              ) : (
                <span className="launch-votes">{question.votes} ▲</span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The attendance badge: offered to a wallet once the show is closed or the stay is long enough; asks the server, then the wallet. */
function BadgeClaim({ event, feed, world, session }: { event: LaunchEvent; feed: ShowFeed; world: WorldInfo; session?: SignedInSession }) {
  const show = useSyncExternalStore(
    (onChange) => feed.on('show', onChange),
    () => feed.show,
  );
  const [arrivedAt] = useState(() => performance.now());
  const [stayedLongEnough, setStayedLongEnough] = useState(event.minimumStaySeconds === 0);
  const [status, setStatus] = useState<{ busy?: boolean; text?: string; problem?: string; done?: boolean }>({});
  useEffect(() => {
    const wait = event.minimumStaySeconds * 1000 - (performance.now() - arrivedAt);
    const timer = setTimeout(() => setStayedLongEnough(true), Math.max(0, wait));
    return () => clearTimeout(timer);
  }, [event.minimumStaySeconds, arrivedAt]);

  if (!hasReached(show, 'doors') || !(show?.cue === 'closed' || stayedLongEnough)) return null;
  if (!session) {
    return <p className="owner-note">Sign in with a wallet to claim this event’s attendance badge.</p>;
  }

  const claim = async () => {
    setStatus({ busy: true, text: 'Checking your attendance…' });
    try {
      const grant = await requestBadgeClaim(event.id, session.token);
      const { claimBadgeOnChain } = await import('./badge-claim');
      await claimBadgeOnChain({
        world,
        account: session.address,
        grant,
        onPhase: (phase) => setStatus({ busy: true, text: phase === 'wallet' ? 'Confirm the claim in your wallet…' : 'Minting your badge…' }),
      });
      setStatus({ done: true, text: 'Your attendance badge is in your wallet.' });
    } catch (error) {
      const message = error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error);
      setStatus({ problem: `No badge yet: ${message.split('\n')[0]}` });
    }
  };

  return (
    <section className="launch-badge" aria-label="Attendance badge">
      {!status.done && (
        <button type="button" className="primary" disabled={status.busy} onClick={() => void claim()}>
          Claim your attendance badge
        </button>
      )}
      <PanelStatus text={status.text} problem={status.problem} />
    </section>
  );
}
