// The texts of the review's exported files, kept apart from the i18n catalogues so that they load only
// with the export module and the officer's spreadsheet speaks the language the screen speaks. The
// labels themselves live in the domain (src/domain/review-export.ts): the server's streamed CSV of a
// province ([RV2], [RV11]) writes the same Vietnamese headings.
import type { Language } from '../../db/settings.ts';
import { exportLabelsEn, exportLabelsVi, type ExportLabels } from '../../domain/review-export.ts';

export { exportLabelsEn, exportLabelsVi, type ExportLabels };

export const EXPORT_LABELS: Record<Language, ExportLabels> = { vi: exportLabelsVi, en: exportLabelsEn };
