import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import type { AppointmentAction } from '../../../protocol/src/journey-api';
import { pollEvery } from '../queries/poll-every';
import { actOnAppointment, fetchAppointments } from './journey-client';

/** How often a party's appointments are read again, so each sees the other's steps. */
const POLL_MS = 5_000;

/**
 * The wallet's appointments as `as` (through React Query, polled so each party sees the other's
 * steps), and a mutation for a step on one of them that reads them again once it is taken.
 */
export function useAppointments(as: 'owner' | 'dealer', token: string) {
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const client = useQueryClient();
  const key = ['appointments', as];
  const list = useQuery({ queryKey: key, queryFn: ({ signal }) => fetchAppointments(as, tokenRef.current, signal), ...pollEvery(POLL_MS) });
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: AppointmentAction }) => actOnAppointment(id, action, tokenRef.current),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
  return { list, act, token: () => tokenRef.current, reload: () => void client.invalidateQueries({ queryKey: key }) };
}
