import type { AccessRule } from './access-rules';

/**
 * Live launch events: what the brand team's host console, the attendees' pages and the server
 * say to each other (the request bodies' zod schemas and their input types are in launch-input.ts, so that
 * pages which only read these types and constants do not load zod). REST routes are documented in README "HTTP API"; the launch room
 * (`launch`, joined with `{ eventId }`) speaks the world room's protocol plus the messages here;
 * the overflow tier reads a server-sent event stream.
 */

/** The room type every launch instance is registered under (joined with `{ eventId }`). */
export const LAUNCH_ROOM = 'launch-event';

/** The run of show, in order. A host moves it forward one cue at a time (or skips ahead); never back. */
export const CUES = ['scheduled', 'doors', 'countdown', 'keynote', 'reveal', 'qa', 'after-party', 'closed'] as const;
export type Cue = (typeof CUES)[number];

/** What each cue does, as the host console previews it before the host fires it. */
export const CUE_PREVIEWS: Readonly<Record<Cue, string>> = {
  scheduled: 'Nothing yet: the arena waits for the doors to open.',
  doors: 'Doors open: attendees come in; the covered car stands on the turntable, house lights up.',
  countdown: 'Countdown: the stage screen counts down to the start time; house lights dim.',
  keynote: 'Keynote: the video plays on the stage screen for everyone, in step (latecomers join mid-video).',
  reveal: 'Reveal: the cover lifts, the lights come up and the car turns in its launch configuration.',
  qa: 'Q&A: questions and raised hands come to the stage; the host can bring a guest up.',
  'after-party': 'After-party: music lights; everyone may walk onto the stage floor.',
  closed: 'Close: the show ends; attendees may claim their badge; the report is final.',
};

/** The show's state, as persisted and as every client receives it. */
export interface ShowState {
  eventId: string;
  cue: Cue;
  /** Server time (ms since the epoch) when the current cue was fired; clients play from it. */
  cueAt: number;
  /** Increases with every change, so a client drops an older state that arrives late. */
  seq: number;
  /** Session ids of the guests the host brought onto the stage. */
  onStage: string[];
  /** Chat slow mode: seconds between two lines of one attendee (0: off). */
  slowModeSeconds: number;
  /** Only the stage is heard (the host made the audience silent); absent or false: everyone is heard by those near them. */
  audienceSilent?: boolean;
}

/** An event as the API answers it. */
export interface LaunchEvent {
  id: string;
  title: string;
  startsAt: string;
  access: AccessRule;
  capacityPerInstance: number;
  embodiedLimit: number;
  /** Lower-case addresses of the hosts, the creator first. */
  hosts: string[];
  car: { model: string; configuration: Record<string, string> };
  videoUrl: string;
  minimumStaySeconds: number;
  /** The MarqueEventPass event id its badge is minted under, once created on chain. */
  chainEventId: string | null;
  show: ShowState;
}

/** A written question, with its upvotes. */
export interface Question {
  id: number;
  /** The asker's pseudonym in the room. */
  name: string;
  text: string;
  at: number;
  votes: number;
  answered: boolean;
}

/** An attendee as the host console lists them (`GET /api/events/:id/attendees`). */
export interface Attendee {
  sessionId: string;
  name: string;
  roomId: string;
  device: string;
  handRaised: boolean;
  muted: boolean;
  onStage: boolean;
  /** Signed in with a wallet (bans then follow the wallet), or a guest. */
  signedIn: boolean;
}

/** `GET /api/events/:id/live`: the console's figures, refreshed every few seconds. */
export interface LiveFigures {
  at: number;
  instances: { roomId: string; attendees: number }[];
  embodied: number;
  overflow: number;
  total: number;
  joinsPerMinute: number;
  reactionsPerMinute: number;
}

/** `GET /api/events/:id/report` (`?format=csv` for the CSV). */
export interface LaunchReport {
  eventId: string;
  title: string;
  /** Distinct attendees (wallets and guests) who came at all. */
  attendance: number;
  peakConcurrency: number;
  peakAt: string | null;
  /** Dwell time per attendee, bucketed: `[0, 60)`, `[60, 300)`, … seconds. */
  dwell: { fromSeconds: number; toSeconds: number | null; attendees: number }[];
  medianDwellSeconds: number;
  /** Reactions and joins per minute, from the first join to the last leave. */
  minutes: { minute: string; joins: number; reactions: number; concurrent: number }[];
}

/*
 * Launch room messages, client → server, besides the world room's `pose`, `chat` and `react`:
 * - `hand` `{ raised: boolean }`: raise or lower a hand for the Q&A;
 * - `ask` `{ text }`: a written question; `upvote` `{ id }`: one vote for a question.
 * Server → client, besides the world room's:
 * - `show` {@link ShowState}: on joining and at every change.
 * - `questions` {@link Question}[]: the questions, most votes first, at every change.
 * - `muted` `{ muted: boolean }`: the host muted or unmuted this attendee's chat.
 */

/**
 * The overflow tier's stream (`GET /api/events/:id/stream?token=…`, `text/event-stream`):
 * events `show` ({@link ShowState}), `questions` ({@link Question}[]), `figures`
 * (`{ embodied, overflow, reactions: Record<emote, total> }`, every two seconds).
 */
export type StreamEvent = 'show' | 'questions' | 'figures';

/** `GET /api/time`: the server's clock, for clients to play cues in step. */
export interface ServerTime {
  now: number;
}

/** `POST /api/events/:id/badge`: a signed claim the attendee sends to `MarqueEventPass.claimBadge`. */
export interface BadgeClaimGrant {
  claim: { eventId: string; attendee: string; issuer: string; deadline: string };
  signature: string;
  eventPassAddress: string;
  stayedSeconds: number;
}
