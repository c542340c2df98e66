import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SelectField } from "~/components/forms";

export type Option = { code: string; name: string };

/** A labelled choice of one code, or none ("all"). */
function CodeSelect({ id, name, label, all, options, value }: { id: string; name: string; label: string; all: string | null; options: Option[]; value?: string }) {
  return <SelectField id={id} name={name} label={label} emptyLabel={all} defaultValue={value} options={options.map((o) => ({ value: o.code, label: o.name }))} />;
}

/** Antenna, sector and programme size as a GET form: the view is a URL, and works without JavaScript. */
export function SegmentPicker({
  antennas,
  sectors,
  value,
  maxK,
  locked = {},
}: {
  antennas: Option[];
  sectors: Option[];
  value: { antenna?: string; sector?: string; k: number };
  maxK: number;
  /** A share link's antenna or sector: the only choice, without "all". */
  locked?: { antenna?: boolean; sector?: boolean };
}) {
  const { t } = useTranslation("recommendations");
  return (
    <Form method="get" className="segment-picker" aria-labelledby="segment-legend">
      <fieldset>
        <legend id="segment-legend">{t("picker.legend")}</legend>
        <div className="filters">
          <CodeSelect id="reco-antenna" name="antenna" label={t("picker.antenna")} all={locked.antenna ? null : t("picker.allAntennas")} options={antennas} value={value.antenna} />
          <CodeSelect id="reco-sector" name="sector" label={t("picker.sector")} all={locked.sector ? null : t("picker.allSectors")} options={sectors} value={value.sector} />
          <div className="field">
            <label htmlFor="reco-k">{t("picker.k")}</label>
            <input id="reco-k" name="k" type="number" inputMode="numeric" min={1} max={maxK} required defaultValue={value.k} aria-describedby="reco-k-hint" className="reco-k" />
            <p className="hint" id="reco-k-hint">
              {t("picker.kHint", { max: maxK })}
            </p>
          </div>
          <button type="submit" className="button">
            {t("picker.submit")}
          </button>
        </div>
      </fieldset>
    </Form>
  );
}
