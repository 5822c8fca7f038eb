/**
 * The voice benchmark's participants (bench/voice.ts forks it): werift peers that answer the
 * forwarder's offers relayed over IPC, speakers that send a 20 ms Opus-sized packet 50 times a
 * second stamped with the send time, and listeners that count what arrives and how late (one
 * machine, one clock: performance.timeOrigin + performance.now()).
 */
import { VoiceParticipant } from '../server/src/voice/voice-participant';

type Command =
  | { op: 'answer'; id: string; offer: string }
  | { op: 'speak'; ids: string[] }
  | { op: 'measure' }
  | { op: 'report' }
  | { op: 'close' };

const peers = new Map<string, VoiceParticipant>();
let speaking: ReturnType<typeof setInterval> | undefined;
let measuring = false;
let received = 0;
const delays: number[] = [];
const now = () => performance.timeOrigin + performance.now();

process.on('message', (command: Command) => void handle(command));

async function handle(command: Command) {
  switch (command.op) {
    case 'answer': {
      const peer = new VoiceParticipant();
      peer.keep = false;
      peer.onPacket = ({ payload }) => {
        if (!measuring) return;
        received++;
        delays.push(now() - payload.readDoubleLE(0));
      };
      peers.set(command.id, peer);
      const sdp = await peer.answer(command.offer);
      process.send!({ op: 'answer', id: command.id, sdp });
      return;
    }
    case 'speak': {
      const speakers = command.ids.map((id) => peers.get(id)!);
      // About what Opus sends for speech at 32 kbit/s: 80 bytes every 20 ms.
      speaking = setInterval(() => {
        for (const speaker of speakers) {
          const payload = Buffer.alloc(80);
          payload.writeDoubleLE(now(), 0);
          void speaker.send(payload).catch(() => {});
        }
      }, 20);
      return;
    }
    case 'measure':
      measuring = true;
      received = 0;
      delays.length = 0;
      return;
    case 'report': {
      measuring = false;
      delays.sort((a, b) => a - b);
      const at = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))] ?? NaN;
      process.send!({ op: 'report', received, p50: at(0.5), p95: at(0.95) });
      return;
    }
    case 'close':
      if (speaking) clearInterval(speaking);
      await Promise.all([...peers.values()].map((p) => p.close()));
      process.exit(0);
  }
}
