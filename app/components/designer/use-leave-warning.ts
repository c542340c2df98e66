import { useBeforeUnload, useBlocker, useLocation, useNavigation } from "@remix-run/react";
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";

/**
 * Edits typed into a designer form and not saved yet are not lost by leaving
 * the page: a link, the back button or closing the tab first asks. Saving (the
 * form's own submit) lets the page go. Without JavaScript nothing asks; the
 * form still saves as it always does.
 */
export function useLeaveWarning(question: string) {
  const [dirty, setDirty] = useState(false);
  const saving = useRef(false);
  const { key } = useLocation();
  const { state } = useNavigation();
  // A save that went through lands on a new location: nothing is unsaved any more. A refused one stays, with what was typed.
  useEffect(() => {
    saving.current = false;
    setDirty(false);
  }, [key]);
  useEffect(() => {
    if (state === "idle") saving.current = false;
  }, [state]);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && !saving.current && currentLocation.pathname + currentLocation.search !== nextLocation.pathname + nextLocation.search);
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (window.confirm(question)) blocker.proceed();
    else blocker.reset();
  }, [blocker, question]);
  useBeforeUnload(
    useCallback(
      (event: BeforeUnloadEvent) => {
        if (!dirty || saving.current) return;
        event.preventDefault();
        event.returnValue = "";
      },
      [dirty],
    ),
  );
  return {
    onChange: () => setDirty(true),
    onSubmit: (_event: FormEvent) => {
      saving.current = true;
    },
  };
}
