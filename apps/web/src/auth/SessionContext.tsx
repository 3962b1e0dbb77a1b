import type { Role } from '@continuum/contracts';
import { createContext, useContext } from 'react';

/** Roles the API knows (packages/contracts); the UI hides what a role may not do, the server still decides. */
export type { Role };

/** Who is signed in, shared with every area. */
export interface Session {
  token: string;
  role: Role;
  signOut: () => void;
}

/** The signed-in session; areas read the role from it. */
export const SessionContext = createContext<Session | null>(null);

/** The current session; only used below the sign-in gate, so it is always present there. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession used outside a signed-in area');
  return session;
}

/** Whether a role may change pathways (designers and admins). */
export const canDesign = (role: Role) => role === 'admin' || role === 'designer';
