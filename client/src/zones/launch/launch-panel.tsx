import { useEffect, useId, useState, useSyncExternalStore, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SatisfactionQuestion } from '../../analytics/satisfaction-question';
import type { LaunchEvent, Question } from '../../../../protocol/src/launch';
import { CHAT_MAX_LENGTH, EMOTES, type Emote } from '../../../../protocol/src/social';
import type { LaunchChannel } from '../../net/launch-channel';
import { emoteLabel, emoteName } from '../../ui/emote-labels';
import { formatNumber } from '../../i18n/format';
import { currentLocale, t } from '../../i18n/i18n';
import { reasonMessage } from '../../i18n/server-error';
import { OwnerPanel } from '../../ui/owner-panel';
import { PanelStatus } from '../../ui/panel-status';
import type { SignedInSession } from '../../wallet/session-store';
import type { WorldInfo } from '../../wallet/world-info';
import { serverNow } from './clock';
import type { KeynotePlayer } from './keynote-player';
import { requestBadgeClaim } from './launch-client';
import type { OverflowStream } from './overflow-stream';
import { cueAnnouncement, cueLabel, formatCountdown, formatStart, hasReached } from './show';
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
  // Re-renders the panel, and every part of it, in a newly chosen language.
  useTranslation();
  const show = useSyncExternalStore(
    (onChange) => feed.on('show', onChange),
    () => feed.show,
  );
  return (
    <OwnerPanel className="launch-panel" kicker={show ? cueLabel(show.cue) : t('launch.panel.live')} title={event.title} subtitle={t('launch.upcoming.starts', { date: formatStart(Date.parse(event.startsAt), currentLocale()) })}>
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
          {startsAt > now ? t('launch.panel.startsIn') : t('launch.panel.startingNow')}{' '}
          <span role="timer" aria-label={t('launch.panel.timeToStart')}>
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
        {t('launch.panel.keynoteFailed', { problem: player.problem })}
      </p>
    );
  }
  if (status === 'blocked') {
    return (
      <button type="button" className="primary" onClick={() => player.setMuted(false)}>
        {t('launch.panel.playKeynote')}
      </button>
    );
  }
  return (
    <button type="button" onClick={() => player.setMuted(!muted)}>
      {muted ? t('launch.panel.soundOn') : t('launch.panel.soundOff')}
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
      {onStage ? t('launch.panel.onStage') : ''}
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
    <section className="launch-overflow" aria-label={t('launch.panel.audience')}>
      <p className="owner-note">
        {state === 'reconnecting' || state === 'closed' ? t('launch.panel.watchingReconnecting') : t('launch.panel.watching')}
      </p>
      {figures && (
        <p data-testid="launch-audience">
          {t('launch.panel.figures', { embodied: formatNumber(figures.embodied), overflow: formatNumber(figures.overflow) })}
        </p>
      )}
      {reactions.length > 0 && (
        <ul className="launch-reactions" aria-label={t('launch.panel.reactions')}>
          {reactions.map(([emote, count]) => (
            <li key={emote}>
              <span aria-hidden="true">{(EMOTES as readonly string[]).includes(emote) ? emoteLabel(emote as Emote) : emote}</span>
              <span className="visually-hidden">{(EMOTES as readonly string[]).includes(emote) ? emoteName(emote as Emote) : emote}</span> {formatNumber(count)}
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
    if (text.length < 3) return setProblem(t('launch.panel.questionTooShort'));
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
      <h3 id={`${id}-qa`}>{t('launch.panel.questions')}</h3>
      {channel && (
        <button type="button" aria-pressed={raised} onClick={() => channel.raiseHand(!raised)}>
          {raised ? t('launch.panel.lowerHand') : t('launch.panel.raiseHand')}
        </button>
      )}
      {channel && (
        <form className="launch-ask" onSubmit={ask}>
          <label htmlFor={`${id}-ask`}>{t('launch.panel.askQuestion')}</label>
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
              {t('launch.panel.ask')}
            </button>
          </div>
        </form>
      )}
      <PanelStatus text={sent ? t('launch.panel.questionSent') : ''} problem={problem} />
      {questions.length === 0 ? (
        <p className="owner-note">{t('launch.panel.noQuestions')}</p>
      ) : (
        <ol className="launch-questions">
          {questions.map((question) => (
            <li key={question.id} className={question.answered ? 'answered' : undefined}>
              <span>
                {question.text}
                <span className="launch-question-by">
                  {question.name}
                  {question.answered ? t('launch.panel.answered') : ''}
                </span>
              </span>
              {channel ? (
                <button
                  type="button"
                  aria-pressed={voted.has(question.id)}
                  aria-label={t('launch.panel.upvote', { question: question.text, count: question.votes })}
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
    return <p className="owner-note">{t('launch.panel.badgeSignIn')}</p>;
  }

  const claim = async () => {
    setStatus({ busy: true, text: t('launch.panel.badgeChecking') });
    try {
      const grant = await requestBadgeClaim(event.id, session.token);
      const { claimBadgeOnChain } = await import('./badge-claim');
      await claimBadgeOnChain({
        world,
        account: session.address,
        grant,
        onPhase: (phase) => setStatus({ busy: true, text: phase === 'wallet' ? t('launch.panel.badgeConfirm') : t('launch.panel.badgeMinting') }),
      });
      setStatus({ done: true, text: t('launch.panel.badgeDone') });
    } catch (error) {
      const message = reasonMessage((error as { reason?: string } | undefined)?.reason) ?? (error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error));
      setStatus({ problem: t('launch.panel.badgeProblem', { problem: message.split('\n')[0] }) });
    }
  };

  return (
    <section className="launch-badge" aria-label={t('launch.panel.badge')}>
      {!status.done && (
        <button type="button" className="primary" disabled={status.busy} onClick={() => void claim()}>
          {t('launch.panel.claimBadge')}
        </button>
      )}
      <PanelStatus text={status.text} problem={status.problem} />
    </section>
  );
}
