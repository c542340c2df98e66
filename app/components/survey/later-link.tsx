import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * The "finish later" link, at the top of the screen where the member is
 * taken: the link itself (it works without JavaScript), a copy button, and a
 * share button where the phone can share (Web Share).
 */
export function LaterLink({ link }: { link: string }) {
  const { t } = useTranslation("member");
  const box = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState(false);
  // The buttons need a script and what the phone offers; without them the link is there to press or hold.
  const [can, setCan] = useState({ copy: false, share: false });
  useEffect(() => {
    // Shown at once, and announced: the member pressed a button at the bottom of the page.
    box.current?.focus();
    box.current?.scrollIntoView({ block: "start" });
    setCan({ copy: typeof navigator.clipboard?.writeText === "function", share: typeof navigator.share === "function" });
  }, []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // No clipboard (an old browser, a refused permission): the link stays there to select by hand.
      setCopied(false);
    }
  };
  return (
    <div className="message message-success later-link" role="status" tabIndex={-1} ref={box} data-testid="later-box">
      <p>{t("later_saved")}</p>
      <p>{t("later_link")}</p>
      <a href={link} className="resume-link" data-testid="resume-link">
        {link}
      </a>
      <p className="later-actions">
        {can.copy ? (
          <button type="button" className="button button-secondary" onClick={copy}>
            {t("later_copy")}
          </button>
        ) : null}
        {can.share ? (
          <button type="button" className="button button-secondary" onClick={() => void navigator.share({ title: t("later_share_title"), url: link }).catch(() => undefined)}>
            {t("later_share")}
          </button>
        ) : null}
        <span className="later-copied">
          {copied ? t("later_copied") : ""}
        </span>
      </p>
    </div>
  );
}

/** A short note for a member who comes back: their answers are kept, and they are where they left off. */
export function WelcomeBack() {
  const { t } = useTranslation("member");
  return (
    <p className="message welcome-back" role="status" data-testid="welcome-back">
      {t("welcome_back")}
    </p>
  );
}
