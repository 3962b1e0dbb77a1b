import { type RefObject, useEffect, useRef } from 'react';

/**
 * A report's heading, brought into view and focused when the report mounts: a report appears below
 * the form (each upload or finished job mounts a new one), where a user would not see it arrive.
 */
export function useRevealedHeading(): RefObject<HTMLHeadingElement | null> {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.scrollIntoView?.({ block: 'start' });
    heading.current?.focus({ preventScroll: true });
  }, []);
  return heading;
}
