<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO">
<context>
    <name>AnnotationCommand</name>
    <message>
        <source>Undo %1</source>
        <translation>Angre %1</translation>
    </message>
</context>
<context>
    <name>PatientDayPainter</name>
    <message>
        <source>%1 h worn</source>
        <translation>%1 t båret</translation>
    </message>
    <message>
        <source>too little wear</source>
        <translation>for lite bruk</translation>
    </message>
    <message>
        <source>unlabelled</source>
        <translation>umerket</translation>
    </message>
    <message>
        <source>not worn</source>
        <translation>ikke båret</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>ingen data</translation>
    </message>
</context>
<context>
    <name>PlotExport</name>
    <message>
        <source>%1: could not be written</source>
        <translation>%1: kunne ikke skrives</translation>
    </message>
    <message>
        <source>%1: could not be written: %2</source>
        <translation>%1: kunne ikke skrives: %2</translation>
    </message>
    <message>
        <source>%1: plots are saved as .png, .svg or .pdf</source>
        <translation>%1: plott lagres som .png, .svg eller .pdf</translation>
    </message>
</context>
<context>
    <name>TimeUseCharts</name>
    <message>
        <source>Hours per day</source>
        <translation>Timer per dag</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 t</translation>
    </message>
    <message numerus="yes">
        <source>Minutes per hour of day, mean of %n valid day(s)</source>
        <translation>
            <numerusform>Minutter per time på døgnet, snitt av %n gyldig dag</numerusform>
            <numerusform>Minutter per time på døgnet, snitt av %n gyldige dager</numerusform>
        </translation>
    </message>
    <message>
        <source>No valid day</source>
        <translation>Ingen gyldig dag</translation>
    </message>
</context>
<context>
    <name>TimeUseReport</name>
    <message>
        <source>Generated %1 by Kinemark %2</source>
        <translation>Laget %1 av Kinemark %2</translation>
    </message>
    <message>
        <source>page %1</source>
        <translation>side %1</translation>
    </message>
    <message>
        <source>%1 at %2 Hz</source>
        <translation>%1 ved %2 Hz</translation>
    </message>
    <message>
        <source>Activity report: %1</source>
        <translation>Aktivitetsrapport: %1</translation>
    </message>
    <message>
        <source>%1: cannot be written</source>
        <translation>%1: kan ikke skrives</translation>
    </message>
    <message>
        <source>Activity report</source>
        <translation>Aktivitetsrapport</translation>
    </message>
    <message>
        <source>Subject %1 — recording %2</source>
        <translation>Deltaker %1 — opptak %2</translation>
    </message>
    <message>
        <source>Project: %1 (%2)</source>
        <translation>Prosjekt: %1 (%2)</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Kilde: %1</translation>
    </message>
    <message>
        <source>Sensors: %1</source>
        <translation>Sensorer: %1</translation>
    </message>
    <message>
        <source>Activities from: %1 (%2), label set %3</source>
        <translation>Aktiviteter fra: %1 (%2), etikettsett %3</translation>
    </message>
    <message>
        <source>no track</source>
        <translation>intet spor</translation>
    </message>
    <message>
        <source>model prediction</source>
        <translation>modellprediksjon</translation>
    </message>
    <message>
        <source>annotation</source>
        <translation>annotering</translation>
    </message>
    <message numerus="yes">
        <source>Period: %1 to %2 (device clock), %n calendar day(s)</source>
        <translation>
            <numerusform>Periode: %1 til %2 (enhetens klokke), %n kalenderdag</numerusform>
            <numerusform>Periode: %1 til %2 (enhetens klokke), %n kalenderdager</numerusform>
        </translation>
    </message>
    <message>
        <source>Wear time: %1 h of %2 h recorded (%3%); %4 of %5 day(s) with at least %6 h of wear are averaged, the others are flagged ⚠</source>
        <translation>Brukstid: %1 t av %2 t registrert (%3 %); %4 av %5 dag(er) med minst %6 t bruk inngår i gjennomsnittet, de andre er merket ⚠</translation>
    </message>
    <message>
        <source>Non-wear: the sensors count as not worn where every axis of every sensor stays within a standard deviation of 8 mg for at least 60 minutes (one-minute epochs; up to 2 minutes of movement inside are bridged). Sedentary bouts: uninterrupted sedentary time of at least %1 min; sit-to-stand: a sedentary bout followed by an upright or active class.</source>
        <translation>Ikke båret: sensorene regnes som ikke båret der hver akse på hver sensor holder seg innenfor et standardavvik på 8 mg i minst 60 minutter (ettminuttsepoker; inntil 2 minutter bevegelse innimellom bygges over). Stillesittende perioder: sammenhengende stillesittende tid på minst %1 min; sitt-til-stå: en stillesittende periode fulgt av en oppreist eller aktiv klasse.</translation>
    </message>
    <message>
        <source>Time use per day</source>
        <translation>Tidsbruk per dag</translation>
    </message>
    <message>
        <source>Minutes per activity</source>
        <translation>Minutter per aktivitet</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>The model that made track &apos;%1&apos; is not stored in the project; its validation metrics are unknown.</source>
        <translation>Modellen som laget sporet «%1» er ikke lagret i prosjektet; valideringsmålene er ukjente.</translation>
    </message>
    <message>
        <source>%1 (%2), trained %3</source>
        <translation>%1 (%2), trent %3</translation>
    </message>
    <message>
        <source>No validation metrics were stored with the model.</source>
        <translation>Ingen valideringsmål ble lagret med modellen.</translation>
    </message>
    <message>
        <source>validation subjects: %1</source>
        <translation>valideringsdeltakere: %1</translation>
    </message>
    <message>
        <source>Validation (subjects not used in training):</source>
        <translation>Validering (deltakere som ikke ble brukt i treningen):</translation>
    </message>
    <message>
        <source>Model predictions are estimates; the figures above inherit the model&apos;s errors.</source>
        <translation>Modellprediksjoner er estimater; tallene over arver modellens feil.</translation>
    </message>
    <message>
        <source>%1: writing the PDF failed</source>
        <translation>%1: skriving av PDF mislyktes</translation>
    </message>
</context>
<context>
    <name>TimeUseTable</name>
    <message>
        <source>Day</source>
        <translation>Dag</translation>
    </message>
    <message>
        <source>Wear (h)</source>
        <translation>Båret (t)</translation>
    </message>
    <message>
        <source>Not worn (h)</source>
        <translation>Ikke båret (t)</translation>
    </message>
    <message>
        <source>%1 (h)</source>
        <translation>%1 (t)</translation>
    </message>
    <message>
        <source>%1 (min)</source>
        <translation>%1 (min)</translation>
    </message>
    <message>
        <source>Sedentary bouts</source>
        <translation>Stillesittende perioder</translation>
    </message>
    <message>
        <source>In bouts (min)</source>
        <translation>I perioder (min)</translation>
    </message>
    <message>
        <source>Longest bout (min)</source>
        <translation>Lengste periode (min)</translation>
    </message>
    <message>
        <source>Sit-to-stand</source>
        <translation>Sitt-til-stå</translation>
    </message>
    <message>
        <source>Unlabelled (min)</source>
        <translation>Umerket (min)</translation>
    </message>
    <message numerus="yes">
        <source>Mean, %n valid day(s)</source>
        <translation>
            <numerusform>Snitt, %n gyldig dag</numerusform>
            <numerusform>Snitt, %n gyldige dager</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Mean, %n weekday(s)</source>
        <translation>
            <numerusform>Snitt, %n ukedag</numerusform>
            <numerusform>Snitt, %n ukedager</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Mean, %n weekend day(s)</source>
        <translation>
            <numerusform>Snitt, %n helgedag</numerusform>
            <numerusform>Snitt, %n helgedager</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kinemark::AgreementDialog</name>
    <message>
        <source>Agreement — %1</source>
        <translation>Samsvar — %1</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Samples in A</source>
        <translation>Sampler i A</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Presisjon</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Gjenfinning</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Track A (reference)</source>
        <translation>Spor A (referanse)</translation>
    </message>
    <message>
        <source>Track B</source>
        <translation>Spor B</translation>
    </message>
    <message>
        <source>Boundary tolerance</source>
        <translation>Toleranse for grenser</translation>
    </message>
    <message>
        <source>The recording needs two tracks to compare.</source>
        <translation>Opptaket trenger to spor for å sammenligne.</translation>
    </message>
    <message>
        <source>Cohen&apos;s kappa %1 (observed agreement %2, chance %3), macro F1 %4
Compared %5 s labelled in both; %6 s only in A, %7 s only in B
Boundaries: %8 matched, %9 only in A, %10 only in B; offset |B − A| mean %11 s, median %12 s, max %13 s</source>
        <translation>Cohens kappa %1 (observert samsvar %2, tilfeldig %3), makro-F1 %4
Sammenlignet %5 s merket i begge; %6 s bare i A, %7 s bare i B
Grenser: %8 parret, %9 bare i A, %10 bare i B; avvik |B − A| snitt %11 s, median %12 s, maks %13 s</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>i.t.</translation>
    </message>
</context>
<context>
    <name>kinemark::AnalysisController</name>
    <message>
        <source>&amp;Compare Prediction with Ground Truth…</source>
        <translation>&amp;Sammenlign prediksjon med fasit …</translation>
    </message>
    <message>
        <source>Confusion matrix, per-class report, ROC and t-SNE map of a prediction track over all recordings; clicks lead to the recording</source>
        <translation>Forvekslingsmatrise, rapport per klasse, ROC og t-SNE-kart for et prediksjonsspor over alle opptak; klikk fører til opptaket</translation>
    </message>
    <message>
        <source>No prediction track to compare: predict with a model first</source>
        <translation>Ingen prediksjonsspor å sammenligne: prediker med en modell først</translation>
    </message>
    <message>
        <source>Compare Prediction</source>
        <translation>Sammenlign prediksjon</translation>
    </message>
    <message>
        <source>Prediction track:</source>
        <translation>Prediksjonsspor:</translation>
    </message>
    <message>
        <source>No recording has both ground truth and &apos;%1&apos;</source>
        <translation>Ingen opptak har både fasit og «%1»</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n window(s) of 2 s compared</source>
        <translation>
            <numerusform>%1: %n vindu på 2 s sammenlignet</numerusform>
            <numerusform>%1: %n vinduer på 2 s sammenlignet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>t-SNE of &apos;%1&apos; (%n window(s))</source>
        <translation>
            <numerusform>t-SNE av «%1» (%n vindu)</numerusform>
            <numerusform>t-SNE av «%1» (%n vinduer)</numerusform>
        </translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>avbrutt</translation>
    </message>
    <message>
        <source>KL divergence %1</source>
        <translation>KL-divergens %1</translation>
    </message>
    <message>
        <source>Cross-&amp;validate…</source>
        <translation>&amp;Kryssvalider …</translation>
    </message>
    <message>
        <source>Train and evaluate a model once per subject fold in the background; per-fold metrics and mean ± std in the Analysis panel</source>
        <translation>Tren og evaluer en modell én gang per deltakerfold i bakgrunnen; mål per fold og snitt ± std i analysepanelet</translation>
    </message>
    <message>
        <source>&amp;Stored Results</source>
        <translation>&amp;Lagrede resultater</translation>
    </message>
    <message>
        <source>Compare every evaluation and cross-validation stored in the project</source>
        <translation>Sammenlign alle evalueringer og kryssvalideringer som er lagret i prosjektet</translation>
    </message>
    <message>
        <source>Cross-validate</source>
        <translation>Kryssvalider</translation>
    </message>
    <message numerus="yes">
        <source>Cross-validation needs at least two subjects with ground truth; the project has %n.</source>
        <translation>
            <numerusform>Kryssvalidering krever minst to deltakere med fasit; prosjektet har %n.</numerusform>
            <numerusform>Kryssvalidering krever minst to deltakere med fasit; prosjektet har %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cross-validate %1 (%2)</source>
        <translation>Kryssvalider %1 (%2)</translation>
    </message>
    <message>
        <source>leave one subject out</source>
        <translation>utelat én deltaker om gangen</translation>
    </message>
    <message>
        <source>%1 subject folds</source>
        <translation>%1 deltakerfolder</translation>
    </message>
    <message>
        <source>fold %1: %2</source>
        <translation>fold %1: %2</translation>
    </message>
    <message>
        <source>cancelled; nothing was stored</source>
        <translation>avbrutt; ingenting ble lagret</translation>
    </message>
    <message>
        <source>another project is open now: not stored</source>
        <translation>et annet prosjekt er åpent nå: ikke lagret</translation>
    </message>
    <message numerus="yes">
        <source>%1: macro F1 %2 over %n fold(s); stored as &apos;%3&apos;</source>
        <translation>
            <numerusform>%1: makro-F1 %2 over %n fold; lagret som «%3»</numerusform>
            <numerusform>%1: makro-F1 %2 over %n folder; lagret som «%3»</numerusform>
        </translation>
    </message>
    <message>
        <source>t-SNE of the embedding of &apos;%1&apos;</source>
        <translation>t-SNE av innbyggingen til «%1»</translation>
    </message>
</context>
<context>
    <name>kinemark::AnalysisPanel</name>
    <message>
        <source>Row shares</source>
        <translation>Andel per rad</translation>
    </message>
    <message>
        <source>Spans behind the cell (click one to show it):</source>
        <translation>Spennene bak cellen (klikk på ett for å vise det):</translation>
    </message>
    <message>
        <source>Show each row divided by its total instead of counts</source>
        <translation>Vis hver rad delt på summen i stedet for antall</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>Forvekslingsmatrise</translation>
    </message>
    <message>
        <source>Per class</source>
        <translation>Per klasse</translation>
    </message>
    <message>
        <source>ROC</source>
        <translation>ROC</translation>
    </message>
    <message>
        <source>Colour by class</source>
        <translation>Farge etter klasse</translation>
    </message>
    <message>
        <source>Colour by subject</source>
        <translation>Farge etter deltaker</translation>
    </message>
    <message>
        <source>t-SNE</source>
        <translation>t-SNE</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Eksporter …</translation>
    </message>
    <message>
        <source>class</source>
        <translation>klasse</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>presisjon</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>gjenkalling</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Jaccard</source>
        <translation>Jaccard</translation>
    </message>
    <message>
        <source>support</source>
        <translation>støtte</translation>
    </message>
    <message>
        <source>macro average</source>
        <translation>makrogjennomsnitt</translation>
    </message>
    <message>
        <source>weighted average</source>
        <translation>vektet gjennomsnitt</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>nøyaktighet</translation>
    </message>
    <message>
        <source>G-mean</source>
        <translation>G-snitt</translation>
    </message>
    <message>
        <source>%1 (subject %2): %3 to %4</source>
        <translation>%1 (deltaker %2): %3 til %4</translation>
    </message>
    <message numerus="yes">
        <source>True %1, predicted %2: %n span(s)</source>
        <translation>
            <numerusform>Sann %1, predikert %2: %n spenn</numerusform>
            <numerusform>Sann %1, predikert %2: %n spenn</numerusform>
        </translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV-tabell (*.csv)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Eksporter</translation>
    </message>
    <message>
        <source>The report of all items together, or of one subject&apos;s items</source>
        <translation>Rapporten for alle elementer samlet, eller for én deltakers elementer</translation>
    </message>
    <message>
        <source>Cross-validation</source>
        <translation>Kryssvalidering</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Sammenligning</translation>
    </message>
    <message>
        <source>Save this tab&apos;s plot as PNG, SVG or PDF, or its table as CSV</source>
        <translation>Lagre plottet i denne fanen som PNG, SVG eller PDF, eller tabellen som CSV</translation>
    </message>
    <message>
        <source>All subjects (pooled)</source>
        <translation>Alle deltakere (samlet)</translation>
    </message>
    <message>
        <source>Subject %1</source>
        <translation>Deltaker %1</translation>
    </message>
    <message>
        <source>fold</source>
        <translation>fold</translation>
    </message>
    <message>
        <source>held-out subjects</source>
        <translation>utelatte deltakere</translation>
    </message>
    <message>
        <source>result</source>
        <translation>resultat</translation>
    </message>
    <message>
        <source>what</source>
        <translation>hva</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf);;CSV table (*.csv)</source>
        <translation>PNG-bilde (*.png);;SVG-bilde (*.svg);;PDF-dokument (*.pdf);;CSV-tabell (*.csv)</translation>
    </message>
</context>
<context>
    <name>kinemark::AnnotationEditor</name>
    <message>
        <source>An edit journal that does not belong to this file was set aside as %1</source>
        <translation>En redigeringslogg som ikke hører til denne filen, ble lagt til side som %1</translation>
    </message>
    <message>
        <source>Edits are not journaled: %1</source>
        <translation>Endringer blir ikke loggført: %1</translation>
    </message>
    <message>
        <source>Edit journal: %1</source>
        <translation>Redigeringslogg: %1</translation>
    </message>
    <message>
        <source>No recording is shown</source>
        <translation>Ingen opptak vises</translation>
    </message>
    <message>
        <source>Wait for the running task to finish before editing</source>
        <translation>Vent til oppgaven som kjører er ferdig før du redigerer</translation>
    </message>
    <message>
        <source>ground truth</source>
        <translation>fasit</translation>
    </message>
    <message>
        <source>Edit failed: %1</source>
        <translation>Redigeringen mislyktes: %1</translation>
    </message>
    <message>
        <source>The edit journal cannot be written (%1); save soon</source>
        <translation>Redigeringsloggen kan ikke skrives (%1); lagre snart</translation>
    </message>
    <message>
        <source>Save the project to protect edits with the journal</source>
        <translation>Lagre prosjektet for å beskytte endringene med redigeringsloggen</translation>
    </message>
    <message>
        <source>Relabel as %1</source>
        <translation>Merk om som %1</translation>
    </message>
    <message>
        <source>Clear range</source>
        <translation>Tøm utvalg</translation>
    </message>
    <message>
        <source>Paint %1</source>
        <translation>Mal %1</translation>
    </message>
    <message>
        <source>The imported labels are the same as the tracks</source>
        <translation>De importerte etikettene er de samme som sporene</translation>
    </message>
    <message>
        <source>Import labels</source>
        <translation>Importer etiketter</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Del</translation>
    </message>
    <message>
        <source>Merge with next</source>
        <translation>Slå sammen med neste</translation>
    </message>
    <message>
        <source>Merge with previous</source>
        <translation>Slå sammen med forrige</translation>
    </message>
    <message>
        <source>Delete segment</source>
        <translation>Slett segment</translation>
    </message>
    <message>
        <source>This recording has no prediction to accept</source>
        <translation>Dette opptaket har ingen prediksjon å godta</translation>
    </message>
    <message>
        <source>Accept prediction</source>
        <translation>Godta prediksjon</translation>
    </message>
    <message>
        <source>Move boundary</source>
        <translation>Flytt grense</translation>
    </message>
    <message>
        <source>This recording has no prediction to compare with</source>
        <translation>Dette opptaket har ingen prediksjon å sammenligne med</translation>
    </message>
    <message>
        <source>No model confidence is available for this recording</source>
        <translation>Ingen modellsikkerhet er tilgjengelig for dette opptaket</translation>
    </message>
    <message>
        <source>Nothing further to the right</source>
        <translation>Ingenting mer til høyre</translation>
    </message>
    <message>
        <source>Nothing further to the left</source>
        <translation>Ingenting mer til venstre</translation>
    </message>
    <message>
        <source>This recording has no label set</source>
        <translation>Dette opptaket har ikke noe etikettsett</translation>
    </message>
    <message>
        <source>Edit label set</source>
        <translation>Rediger etikettsett</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>Annotatør</translation>
    </message>
    <message>
        <source>Name recorded with every edit:</source>
        <translation>Navn som lagres med hver endring:</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Angre</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Gjør om</translation>
    </message>
    <message>
        <source>Assign &amp;Class</source>
        <translation>Tildel &amp;klasse</translation>
    </message>
    <message>
        <source>&amp;Pick Class...</source>
        <translation>&amp;Velg klasse …</translation>
    </message>
    <message>
        <source>&amp;Split at Cursor</source>
        <translation>&amp;Del ved markøren</translation>
    </message>
    <message>
        <source>&amp;Merge with Next</source>
        <translation>Slå sammen med &amp;neste</translation>
    </message>
    <message>
        <source>Merge with &amp;Previous</source>
        <translation>Slå sammen med &amp;forrige</translation>
    </message>
    <message>
        <source>&amp;Delete Segment or Range</source>
        <translation>&amp;Slett segment eller utvalg</translation>
    </message>
    <message>
        <source>&amp;Accept Prediction</source>
        <translation>&amp;Godta prediksjon</translation>
    </message>
    <message>
        <source>Move End Boundary Left</source>
        <translation>Flytt sluttgrensen til venstre</translation>
    </message>
    <message>
        <source>Move End Boundary Right</source>
        <translation>Flytt sluttgrensen til høyre</translation>
    </message>
    <message>
        <source>Move Start Boundary Left</source>
        <translation>Flytt startgrensen til venstre</translation>
    </message>
    <message>
        <source>Move Start Boundary Right</source>
        <translation>Flytt startgrensen til høyre</translation>
    </message>
    <message>
        <source>&amp;Go To</source>
        <translation>&amp;Gå til</translation>
    </message>
    <message>
        <source>Next Segment</source>
        <translation>Neste segment</translation>
    </message>
    <message>
        <source>Previous Segment</source>
        <translation>Forrige segment</translation>
    </message>
    <message>
        <source>Next Unlabelled Gap</source>
        <translation>Neste umerkede hull</translation>
    </message>
    <message>
        <source>Previous Unlabelled Gap</source>
        <translation>Forrige umerkede hull</translation>
    </message>
    <message>
        <source>Next Disagreement</source>
        <translation>Neste uenighet</translation>
    </message>
    <message>
        <source>Previous Disagreement</source>
        <translation>Forrige uenighet</translation>
    </message>
    <message>
        <source>Next Low-Confidence Region</source>
        <translation>Neste område med lav sikkerhet</translation>
    </message>
    <message>
        <source>Previous Low-Confidence Region</source>
        <translation>Forrige område med lav sikkerhet</translation>
    </message>
    <message>
        <source>&amp;Label Set...</source>
        <translation>&amp;Etikettsett …</translation>
    </message>
    <message>
        <source>A&amp;greement...</source>
        <translation>&amp;Samsvar …</translation>
    </message>
    <message>
        <source>Annotator &amp;Name...</source>
        <translation>&amp;Navn på annotatør …</translation>
    </message>
</context>
<context>
    <name>kinemark::ConfusionMatrixView</name>
    <message>
        <source>predicted class</source>
        <translation>predikert klasse</translation>
    </message>
    <message>
        <source>true class</source>
        <translation>sann klasse</translation>
    </message>
    <message>
        <source>true \ predicted</source>
        <translation>sann \ predikert</translation>
    </message>
    <message>
        <source>share of the true class</source>
        <translation>andel av den sanne klassen</translation>
    </message>
    <message>
        <source>items</source>
        <translation>elementer</translation>
    </message>
</context>
<context>
    <name>kinemark::CrossValidationDialog</name>
    <message>
        <source>Cross-validate</source>
        <translation>Kryssvalider</translation>
    </message>
    <message>
        <source>Leave one subject out</source>
        <translation>Utelat én deltaker om gangen</translation>
    </message>
    <message>
        <source>Subject folds</source>
        <translation>Deltakerfolder</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>&amp;Folds:</source>
        <translation>F&amp;older:</translation>
    </message>
    <message>
        <source>&amp;Number of folds:</source>
        <translation>&amp;Antall folder:</translation>
    </message>
    <message>
        <source>&amp;Epochs per fold:</source>
        <translation>&amp;Epoker per fold:</translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation>&amp;Frø:</translation>
    </message>
    <message>
        <source>&amp;Threads:</source>
        <translation>&amp;Tråder:</translation>
    </message>
    <message>
        <source>%1 subjects in %2 folds: %2 models of %3 epochs each are trained, each on the subjects outside its fold, and evaluated on its fold&apos;s subjects. The held-out subjects never choose the epoch: each fold keeps its last.</source>
        <translation>%1 deltakere i %2 folder: %2 modeller på %3 epoker hver trenes, hver på deltakerne utenfor sin fold, og evalueres på deltakerne i sin fold. De utelatte deltakerne velger aldri epoken: hver fold beholder sin siste.</translation>
    </message>
</context>
<context>
    <name>kinemark::DeviceImportPanel</name>
    <message>
        <source>File</source>
        <translation>Fil</translation>
    </message>
    <message>
        <source>Sensor</source>
        <translation>Sensor</translation>
    </message>
    <message>
        <source>Offset (s)</source>
        <translation>Forskyvning (s)</translation>
    </message>
    <message>
        <source>Device, rate, start, length</source>
        <translation>Enhet, rate, start, lengde</translation>
    </message>
    <message>
        <source>One recording: the files are sensors of one person on a common time base</source>
        <translation>Ett opptak: filene er sensorer på én person på en felles tidsakse</translation>
    </message>
    <message>
        <source> Hz</source>
        <translation> Hz</translation>
    </message>
    <message>
        <source>linear interpolation</source>
        <translation>lineær interpolasjon</translation>
    </message>
    <message>
        <source>nearest sample</source>
        <translation>nærmeste sampel</translation>
    </message>
    <message>
        <source>mean over each period</source>
        <translation>gjennomsnitt over hver periode</translation>
    </message>
    <message>
        <source>Resample &amp;to:</source>
        <translation>Resampl&amp;e til:</translation>
    </message>
    <message>
        <source>&amp;Suggest alignment</source>
        <translation>&amp;Foreslå synkronisering</translation>
    </message>
    <message>
        <source>Cross-correlates the acceleration magnitude of every file with the first one&apos;s and fills in the offsets.</source>
        <translation>Krysskorrelerer akselerasjonsstørrelsen i hver fil med den første filens og fyller inn forskyvningene.</translation>
    </message>
    <message>
        <source>Alignment:</source>
        <translation>Synkronisering:</translation>
    </message>
    <message>
        <source>reading…</source>
        <translation>leser …</translation>
    </message>
    <message>
        <source>Reading the files…</source>
        <translation>Leser filene …</translation>
    </message>
    <message>
        <source>%1, %2 Hz, from %3, %4 h</source>
        <translation>%1, %2 Hz, fra %3, %4 t</translation>
    </message>
    <message>
        <source>, worn at %1</source>
        <translation>, båret på %1</translation>
    </message>
    <message numerus="yes">
        <source>, %n damaged block(s) skipped</source>
        <translation>
            <numerusform>, %n skadet blokk hoppet over</numerusform>
            <numerusform>, %n skadede blokker hoppet over</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n gap(s)</source>
        <translation>
            <numerusform>, %n hull</numerusform>
            <numerusform>, %n hull</numerusform>
        </translation>
    </message>
    <message>
        <source>Some files cannot be read; see the table.</source>
        <translation>Noen filer kan ikke leses; se tabellen.</translation>
    </message>
    <message>
        <source>Cross-correlating acceleration magnitudes…</source>
        <translation>Krysskorrelerer akselerasjonsstørrelser …</translation>
    </message>
    <message>
        <source>The offset of %1 is not a number of seconds.</source>
        <translation>Forskyvningen for %1 er ikke et antall sekunder.</translation>
    </message>
    <message>
        <source>Give every file its own sensor name.</source>
        <translation>Gi hver fil sitt eget sensornavn.</translation>
    </message>
</context>
<context>
    <name>kinemark::EncoderChoice</name>
    <message>
        <source>File…</source>
        <translation>Fil …</translation>
    </message>
    <message>
        <source>%1 (stored in the project)</source>
        <translation>%1 (lagret i prosjektet)</translation>
    </message>
    <message>
        <source>%1 (file)</source>
        <translation>%1 (fil)</translation>
    </message>
    <message>
        <source>Pre-trained Encoder</source>
        <translation>Forhåndstrent enkoder</translation>
    </message>
    <message>
        <source>Kinemark models (*.kmodel)</source>
        <translation>Kinemark-modeller (*.kmodel)</translation>
    </message>
</context>
<context>
    <name>kinemark::ImportController</name>
    <message>
        <source>Wait for the running task to finish, or cancel it.</source>
        <translation>Vent til oppgaven som kjører er ferdig, eller avbryt den.</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>Importerer</translation>
    </message>
    <message>
        <source>Import Recording</source>
        <translation>Importer opptak</translation>
    </message>
    <message>
        <source>Nothing was imported.

%1</source>
        <translation>Ingenting ble importert.

%1</translation>
    </message>
    <message>
        <source>Imported %1 with notes:

%2</source>
        <translation>Importerte %1 med merknader:

%2</translation>
    </message>
</context>
<context>
    <name>kinemark::ImportDialog</name>
    <message>
        <source>Import Recording</source>
        <translation>Importer opptak</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>Fil …</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Mappe …</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>&amp;Kilde:</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>Gjenkjenn</translation>
    </message>
    <message>
        <source>HAPT raw folder</source>
        <translation>HAPT-råmappe</translation>
    </message>
    <message>
        <source>HARTH CSV</source>
        <translation>HARTH-CSV</translation>
    </message>
    <message>
        <source>HAR70+ CSV</source>
        <translation>HAR70+-CSV</translation>
    </message>
    <message>
        <source>Generic delimited text</source>
        <translation>Generell skilletegnseparert tekst</translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation>F&amp;ormat:</translation>
    </message>
    <message>
        <source>Column mapping (generic delimited text)</source>
        <translation>Kolonneoppsett (generell skilletegnseparert tekst)</translation>
    </message>
    <message>
        <source>Comma</source>
        <translation>Komma</translation>
    </message>
    <message>
        <source>Semicolon</source>
        <translation>Semikolon</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tabulator</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Mellomrom</translation>
    </message>
    <message>
        <source>&amp;Delimiter:</source>
        <translation>&amp;Skilletegn:</translation>
    </message>
    <message>
        <source>First line holds column names</source>
        <translation>Første linje har kolonnenavn</translation>
    </message>
    <message>
        <source>S&amp;kip lines:</source>
        <translation>&amp;Hopp over linjer:</translation>
    </message>
    <message>
        <source>name or number; empty: none</source>
        <translation>navn eller nummer; tom: ingen</translation>
    </message>
    <message>
        <source>&amp;Time column:</source>
        <translation>&amp;Tidskolonne:</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>Dato og klokkeslett</translation>
    </message>
    <message>
        <source>Unix seconds</source>
        <translation>Unix-sekunder</translation>
    </message>
    <message>
        <source>Unix milliseconds</source>
        <translation>Unix-millisekunder</translation>
    </message>
    <message>
        <source>Seconds from start</source>
        <translation>Sekunder fra start</translation>
    </message>
    <message>
        <source>Time &amp;format:</source>
        <translation>Tids&amp;format:</translation>
    </message>
    <message>
        <source> Hz</source>
        <translation> Hz</translation>
    </message>
    <message>
        <source>from time stamps</source>
        <translation>fra tidsstemplene</translation>
    </message>
    <message>
        <source>Sampling &amp;rate:</source>
        <translation>&amp;Samplingsrate:</translation>
    </message>
    <message>
        <source>Sensor</source>
        <translation>Sensor</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Størrelse</translation>
    </message>
    <message>
        <source>Axis columns</source>
        <translation>Aksekolonner</translation>
    </message>
    <message>
        <source>Add sensor</source>
        <translation>Legg til sensor</translation>
    </message>
    <message>
        <source>Remove sensor</source>
        <translation>Fjern sensor</translation>
    </message>
    <message>
        <source>Sensors:</source>
        <translation>Sensorer:</translation>
    </message>
    <message>
        <source>g</source>
        <translation>g</translation>
    </message>
    <message>
        <source>m/s²</source>
        <translation>m/s²</translation>
    </message>
    <message>
        <source>raw counts</source>
        <translation>råverdier</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>&amp;Enhet:</translation>
    </message>
    <message>
        <source>Counts per g:</source>
        <translation>Råverdier per g:</translation>
    </message>
    <message>
        <source>name or number; empty: no ground truth</source>
        <translation>navn eller nummer; tom: ingen fasit</translation>
    </message>
    <message>
        <source>&amp;Label column:</source>
        <translation>&amp;Etikettkolonne:</translation>
    </message>
    <message>
        <source>Label &amp;set:</source>
        <translation>Etikett&amp;sett:</translation>
    </message>
    <message>
        <source>Fill gaps in the time stamps and leave them unlabelled</source>
        <translation>Fyll hull i tidsstemplene og la dem være uten etikett</translation>
    </message>
    <message>
        <source>default: the file name</source>
        <translation>standard: filnavnet</translation>
    </message>
    <message>
        <source>Su&amp;bject:</source>
        <translation>&amp;Deltaker:</translation>
    </message>
    <message>
        <source>First rows of the file:</source>
        <translation>Første rader i filen:</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importer</translation>
    </message>
    <message>
        <source>Import Folder</source>
        <translation>Importer mappe</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>Kan ikke åpne %1: %2</translation>
    </message>
    <message>
        <source>Sensor row %1 needs a name and its axis columns.</source>
        <translation>Sensorrad %1 trenger et navn og aksekolonnene sine.</translation>
    </message>
    <message>
        <source>Add at least one sensor with its axis columns.</source>
        <translation>Legg til minst én sensor med aksekolonnene sine.</translation>
    </message>
    <message>
        <source>Without a time column, give the sampling rate.</source>
        <translation>Uten tidskolonne må du oppgi samplingsraten.</translation>
    </message>
    <message>
        <source>Choose a file or folder that exists.</source>
        <translation>Velg en fil eller mappe som finnes.</translation>
    </message>
    <message>
        <source>Axivity .cwa (AX3, AX6)</source>
        <translation>Axivity .cwa (AX3, AX6)</translation>
    </message>
    <message>
        <source>ActiGraph .gt3x</source>
        <translation>ActiGraph .gt3x</translation>
    </message>
    <message>
        <source>GENEActiv .bin</source>
        <translation>GENEActiv .bin</translation>
    </message>
    <message>
        <source>Device files</source>
        <translation>Enhetsfiler</translation>
    </message>
    <message>
        <source>Recordings (*.csv *.txt *.tsv *.cwa *.gt3x *.bin);;Device files (*.cwa *.gt3x *.bin);;Text recordings (*.csv *.txt *.tsv);;All files (*)</source>
        <translation>Opptak (*.csv *.txt *.tsv *.cwa *.gt3x *.bin);;Enhetsfiler (*.cwa *.gt3x *.bin);;Tekstopptak (*.csv *.txt *.tsv);;Alle filer (*)</translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation>%1 er ikke en fil.</translation>
    </message>
</context>
<context>
    <name>kinemark::JobView</name>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Stop this job; the project and earlier models stay as they are</source>
        <translation>Stopp denne jobben; prosjektet og tidligere modeller forblir som de er</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Avbryter …</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>epoke</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>tap</translation>
    </message>
    <message>
        <source>score</source>
        <translation>poeng</translation>
    </message>
    <message>
        <source>loss weight</source>
        <translation>tapsvekt</translation>
    </message>
</context>
<context>
    <name>kinemark::JobsPanel</name>
    <message>
        <source>Clear Finished</source>
        <translation>Fjern ferdige</translation>
    </message>
</context>
<context>
    <name>kinemark::KeyboardReference</name>
    <message>
        <source>Keyboard Reference</source>
        <translation>Tastaturoversikt</translation>
    </message>
    <message>
        <source>Wheel</source>
        <translation>Musehjul</translation>
    </message>
    <message>
        <source>Zoom around the mouse</source>
        <translation>Zoom rundt musepekeren</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Visninger</translation>
    </message>
    <message>
        <source>Drag</source>
        <translation>Dra</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Panorer</translation>
    </message>
    <message>
        <source>Shift+Drag</source>
        <translation>Shift+dra</translation>
    </message>
    <message>
        <source>Select a time range</source>
        <translation>Velg et tidsintervall</translation>
    </message>
    <message>
        <source>Click</source>
        <translation>Klikk</translation>
    </message>
    <message>
        <source>Place the cursor</source>
        <translation>Plasser markøren</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Taster</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Meny</translation>
    </message>
</context>
<context>
    <name>kinemark::LabelFileActions</name>
    <message>
        <source>Show a recording first.</source>
        <translation>Vis et opptak først.</translation>
    </message>
    <message>
        <source>Segment CSV (*.csv)</source>
        <translation>Segment-CSV (*.csv)</translation>
    </message>
    <message>
        <source>ELAN (*.eaf)</source>
        <translation>ELAN (*.eaf)</translation>
    </message>
    <message>
        <source>Per-sample label column (*.csv)</source>
        <translation>Etikettkolonne per sample (*.csv)</translation>
    </message>
    <message>
        <source>Per-sample label column (*.csv *.txt)</source>
        <translation>Etikettkolonne per sample (*.csv *.txt)</translation>
    </message>
    <message>
        <source>Export Labels</source>
        <translation>Eksporter etiketter</translation>
    </message>
    <message>
        <source>Exported labels to %1</source>
        <translation>Eksporterte etiketter til %1</translation>
    </message>
    <message>
        <source>Import Labels</source>
        <translation>Importer etiketter</translation>
    </message>
    <message>
        <source>%1

Clip overlapping and out-of-range segments and import the rest?</source>
        <translation>%1

Klipp overlappende segmenter og segmenter utenfor opptaket, og importer resten?</translation>
    </message>
    <message>
        <source>Nothing was imported.

%1</source>
        <translation>Ingenting ble importert.

%1</translation>
    </message>
    <message>
        <source>Imported labels from %1</source>
        <translation>Importerte etiketter fra %1</translation>
    </message>
</context>
<context>
    <name>kinemark::LabelPickerDialog</name>
    <message>
        <source>Pick Class</source>
        <translation>Velg klasse</translation>
    </message>
    <message>
        <source>Type to search classes</source>
        <translation>Skriv for å søke i klassene</translation>
    </message>
</context>
<context>
    <name>kinemark::LabelSetEditorDialog</name>
    <message>
        <source>Label Set — %1</source>
        <translation>Etikettsett — %1</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Navn</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Farge</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Tast</translation>
    </message>
    <message>
        <source>Merged into</source>
        <translation>Slått sammen med</translation>
    </message>
    <message>
        <source>&amp;Add Class...</source>
        <translation>&amp;Legg til klasse …</translation>
    </message>
    <message>
        <source>&amp;Merge Classes...</source>
        <translation>&amp;Slå sammen klasser …</translation>
    </message>
    <message>
        <source>Double-click to choose a colour</source>
        <translation>Dobbeltklikk for å velge en farge</translation>
    </message>
    <message>
        <source>Class Colour</source>
        <translation>Klassefarge</translation>
    </message>
    <message>
        <source>Add Class</source>
        <translation>Legg til klasse</translation>
    </message>
    <message>
        <source>Class id:</source>
        <translation>Klasse-id:</translation>
    </message>
    <message>
        <source>The set already has a class %1.</source>
        <translation>Settet har allerede en klasse %1.</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Navn:</translation>
    </message>
    <message>
        <source>Merge Classes</source>
        <translation>Slå sammen klasser</translation>
    </message>
    <message>
        <source>Relabel every segment of</source>
        <translation>Merk om hvert segment av</translation>
    </message>
    <message>
        <source>as</source>
        <translation>som</translation>
    </message>
</context>
<context>
    <name>kinemark::MainWindow</name>
    <message>
        <source>Kinemark</source>
        <translation>Kinemark</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>Opptak</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Opptak</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Varighet</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fil</translation>
    </message>
    <message>
        <source>&amp;Open Project...</source>
        <translation>Å&amp;pne prosjekt …</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Åpne &amp;nylige</translation>
    </message>
    <message>
        <source>Open &amp;Demo</source>
        <translation>Åpne &amp;demo</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Avslutt</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Vis</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Zoom &amp;inn</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Zoom &amp;ut</translation>
    </message>
    <message>
        <source>&amp;Fit All</source>
        <translation>&amp;Vis alt</translation>
    </message>
    <message>
        <source>Zoom to &amp;Selection</source>
        <translation>Zoom til &amp;utvalg</translation>
    </message>
    <message>
        <source>Pan &amp;Left</source>
        <translation>Panorer til &amp;venstre</translation>
    </message>
    <message>
        <source>Pan &amp;Right</source>
        <translation>Panorer til &amp;høyre</translation>
    </message>
    <message>
        <source>Page Left</source>
        <translation>En side til venstre</translation>
    </message>
    <message>
        <source>Page Right</source>
        <translation>En side til høyre</translation>
    </message>
    <message>
        <source>Go to &amp;Start</source>
        <translation>Gå til &amp;start</translation>
    </message>
    <message>
        <source>Go to &amp;End</source>
        <translation>Gå til &amp;slutt</translation>
    </message>
    <message>
        <source>Spectrogram in &amp;Decibels</source>
        <translation>Spektrogram i &amp;desibel</translation>
    </message>
    <message>
        <source>Spectrogram &amp;Colours</source>
        <translation>Spektrogram&amp;farger</translation>
    </message>
    <message>
        <source>Thermal</source>
        <translation>Termisk</translation>
    </message>
    <message>
        <source>Grey</source>
        <translation>Grå</translation>
    </message>
    <message>
        <source>Night</source>
        <translation>Natt</translation>
    </message>
    <message>
        <source>Jet</source>
        <translation>Jet</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hjelp</translation>
    </message>
    <message>
        <source>&amp;Keyboard Reference</source>
        <translation>&amp;Tastaturoversikt</translation>
    </message>
    <message>
        <source>&amp;About Kinemark</source>
        <translation>&amp;Om Kinemark</translation>
    </message>
    <message>
        <source>About Kinemark</source>
        <translation>Om Kinemark</translation>
    </message>
    <message>
        <source>Kinemark %1: human activity recognition from wearable accelerometers.</source>
        <translation>Kinemark %1: gjenkjenning av menneskelig aktivitet fra kroppsbårne akselerometre.</translation>
    </message>
    <message>
        <source>Subject %1</source>
        <translation>Deltaker %1</translation>
    </message>
    <message numerus="yes">
        <source>%n recording(s)</source>
        <translation>
            <numerusform>%n opptak</numerusform>
            <numerusform>%n opptak</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: subject %2, %3 Hz, %4 channels</source>
        <translation>%1: deltaker %2, %3 Hz, %4 kanaler</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Cancel the running task (Esc)</source>
        <translation>Avbryt oppgaven som kjører (Esc)</translation>
    </message>
    <message>
        <source>&amp;Import Recording...</source>
        <translation>&amp;Importer opptak …</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Lagre</translation>
    </message>
    <message>
        <source>Save &amp;As...</source>
        <translation>Lagre &amp;som …</translation>
    </message>
    <message>
        <source>Import &amp;Labels...</source>
        <translation>Importer &amp;etiketter …</translation>
    </message>
    <message>
        <source>&amp;Export Labels...</source>
        <translation>&amp;Eksporter etiketter …</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Rediger</translation>
    </message>
    <message>
        <source>Spectrogram &amp;Frame Length</source>
        <translation>Spektrogrammets &amp;vinduslengde</translation>
    </message>
    <message>
        <source>%1 s (default)</source>
        <translation>%1 s (standard)</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Jobber</translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation>&amp;Modeller</translation>
    </message>
    <message>
        <source>Patient View</source>
        <translation>Pasientvisning</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Export &amp;Report...</source>
        <translation>Eksporter &amp;rapport …</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>&amp;Analyse</translation>
    </message>
    <message>
        <source>&amp;What the Model Sees…</source>
        <translation>&amp;Hva modellen ser …</translation>
    </message>
    <message>
        <source>One 5-minute window of the shown recording as SelfPAB&apos;s transformer gets it: the stacked spectrogram, masked, and reconstructed by a pre-trained encoder</source>
        <translation>Ett 5-minutters vindu av det viste opptaket slik SelfPABs transformer får det: det stablede spektrogrammet, maskert og rekonstruert av en forhåndstrent enkoder</translation>
    </message>
</context>
<context>
    <name>kinemark::ModelController</name>
    <message>
        <source>&amp;Train Model...</source>
        <translation>&amp;Tren modell …</translation>
    </message>
    <message>
        <source>&amp;Predict Shown Recording</source>
        <translation>&amp;Prediker vist opptak</translation>
    </message>
    <message>
        <source>Predict &amp;All Recordings</source>
        <translation>Prediker &amp;alle opptak</translation>
    </message>
    <message>
        <source>&amp;Export Model...</source>
        <translation>&amp;Eksporter modell …</translation>
    </message>
    <message>
        <source>&amp;Import Model...</source>
        <translation>&amp;Importer modell …</translation>
    </message>
    <message>
        <source>Train a Model</source>
        <translation>Tren en modell</translation>
    </message>
    <message>
        <source>The project has no recordings.</source>
        <translation>Prosjektet har ingen opptak.</translation>
    </message>
    <message>
        <source>Train %1</source>
        <translation>Tren %1</translation>
    </message>
    <message>
        <source>epoch %1/%2, batch %3/%4</source>
        <translation>epoke %1/%2, batch %3/%4</translation>
    </message>
    <message>
        <source>validation macro F1</source>
        <translation>validering makro-F1</translation>
    </message>
    <message>
        <source>cancelled; the project is as it was</source>
        <translation>avbrutt; prosjektet er som før</translation>
    </message>
    <message>
        <source>finished, but another project is open now: not stored</source>
        <translation>ferdig, men et annet prosjekt er åpent nå: ikke lagret</translation>
    </message>
    <message>
        <source>stored as &apos;%1&apos;; validation macro F1 %2</source>
        <translation>lagret som «%1»; validering makro-F1 %2</translation>
    </message>
    <message>
        <source>stored as &apos;%1&apos;</source>
        <translation>lagret som «%1»</translation>
    </message>
    <message>
        <source>Predict</source>
        <translation>Prediker</translation>
    </message>
    <message>
        <source>The project has no trained model yet: train one (Models &gt; Train Model) or import a .kmodel file.</source>
        <translation>Prosjektet har ingen trent modell ennå: tren en (Modeller &gt; Tren modell) eller importer en .kmodel-fil.</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>A training run is reading the ground truth; predict again in a moment.</source>
        <translation>En trening leser fasiten; prøv å predikere igjen om et øyeblikk.</translation>
    </message>
    <message>
        <source>Predict with %1</source>
        <translation>Prediker med %1</translation>
    </message>
    <message>
        <source>%1 of %2 recordings</source>
        <translation>%1 av %2 opptak</translation>
    </message>
    <message>
        <source>cancelled; no prediction was stored</source>
        <translation>avbrutt; ingen prediksjon ble lagret</translation>
    </message>
    <message>
        <source>another project is open now: not stored</source>
        <translation>et annet prosjekt er åpent nå: ikke lagret</translation>
    </message>
    <message numerus="yes">
        <source>predicted %n recording(s)</source>
        <translation>
            <numerusform>predikerte %n opptak</numerusform>
            <numerusform>predikerte %n opptak</numerusform>
        </translation>
    </message>
    <message>
        <source>; skipped: %1</source>
        <translation>; hoppet over: %1</translation>
    </message>
    <message>
        <source>Export Model</source>
        <translation>Eksporter modell</translation>
    </message>
    <message>
        <source>Kinemark models (*.kmodel)</source>
        <translation>Kinemark-modeller (*.kmodel)</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>Eksporterte %1</translation>
    </message>
    <message>
        <source>Import Model</source>
        <translation>Importer modell</translation>
    </message>
    <message>
        <source>The model was imported, but it cannot read the shown recording:
%1</source>
        <translation>Modellen ble importert, men den kan ikke lese det viste opptaket:
%1</translation>
    </message>
    <message>
        <source>Imported %1 as &apos;%2&apos;</source>
        <translation>Importerte %1 som «%2»</translation>
    </message>
    <message>
        <source>Pre-train &amp;Encoder...</source>
        <translation>&amp;Forhåndstren enkoder …</translation>
    </message>
    <message>
        <source>Pre-train SelfPAB&apos;s spectrogram transformer on the project&apos;s recordings (labels are not used) and store the encoder for training selfpab</source>
        <translation>Forhåndstren SelfPABs spektrogramtransformer på prosjektets opptak (etiketter brukes ikke) og lagre enkoderen for trening av selfpab</translation>
    </message>
    <message>
        <source>Pre-train an Encoder</source>
        <translation>Forhåndstren en enkoder</translation>
    </message>
    <message>
        <source>Pre-train selfpab encoder</source>
        <translation>Forhåndstren selfpab-enkoder</translation>
    </message>
    <message>
        <source>, reconstruction L1 %1</source>
        <translation>, rekonstruksjons-L1 %1</translation>
    </message>
    <message>
        <source>reconstruction L1</source>
        <translation>rekonstruksjons-L1</translation>
    </message>
    <message numerus="yes">
        <source>stored as &apos;%1&apos; (%n window(s)); choose it in Train Model for selfpab</source>
        <translation>
            <numerusform>lagret som «%1» (%n vindu); velg den i Tren modell for selfpab</numerusform>
            <numerusform>lagret som «%1» (%n vinduer); velg den i Tren modell for selfpab</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kinemark::ModelInputView</name>
    <message>
        <source>No window yet.</source>
        <translation>Ingen vindu ennå.</translation>
    </message>
    <message>
        <source>Input: the stacked spectrogram, z-scored (%1 frames × %2 axes × %3 bins)</source>
        <translation>Inndata: det stablede spektrogrammet, z-standardisert (%1 rammer × %2 akser × %3 frekvensbinner)</translation>
    </message>
    <message>
        <source>Masked: what the encoder is given (time blocks zeroed, swapped or kept — marked red above; one frequency band zeroed in every axis)</source>
        <translation>Maskert: det enkoderen får (tidsblokker nullstilt, byttet om eller beholdt — merket rødt over; ett frekvensbånd nullstilt i hver akse)</translation>
    </message>
    <message>
        <source>Reconstruction: choose a pre-trained encoder to see what it makes of the masked window</source>
        <translation>Rekonstruksjon: velg en forhåndstrent enkoder for å se hva den får ut av det maskerte vinduet</translation>
    </message>
    <message>
        <source>Reconstruction by the pre-trained encoder (mean |error| on the altered cells: %1)</source>
        <translation>Rekonstruksjon fra den forhåndstrente enkoderen (snitt av |feil| i de endrede cellene: %1)</translation>
    </message>
    <message>
        <source>Reconstruction by the pre-trained encoder</source>
        <translation>Rekonstruksjon fra den forhåndstrente enkoderen</translation>
    </message>
    <message>
        <source>No pre-trained encoder chosen.</source>
        <translation>Ingen forhåndstrent enkoder er valgt.</translation>
    </message>
    <message>
        <source>z</source>
        <translation>z</translation>
    </message>
</context>
<context>
    <name>kinemark::OverviewStrip</name>
    <message>
        <source>Whole recording: click or drag to navigate, wheel to zoom</source>
        <translation>Hele opptaket: klikk eller dra for å navigere, musehjul for å zoome</translation>
    </message>
</context>
<context>
    <name>kinemark::PatientDayView</name>
    <message>
        <source>No recording, or a recording without time</source>
        <translation>Intet opptak, eller et opptak uten tid</translation>
    </message>
    <message>
        <source>%1: no data</source>
        <translation>%1: ingen data</translation>
    </message>
    <message>
        <source>not worn</source>
        <translation>ikke båret</translation>
    </message>
    <message>
        <source>unlabelled</source>
        <translation>umerket</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>klasse %1</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1: %2, %3 to %4 (%5)</source>
        <translation>%1: %2, %3 til %4 (%5)</translation>
    </message>
</context>
<context>
    <name>kinemark::PatientPanel</name>
    <message>
        <source>&amp;Activities from:</source>
        <translation>&amp;Aktiviteter fra:</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s), %1 with enough wear</source>
        <translation>
            <numerusform>%n dag, %1 med nok bruk</numerusform>
            <numerusform>%n dager, %1 med nok bruk</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n flagged</source>
        <translation>
            <numerusform>; %n merket</numerusform>
            <numerusform>; %n merket</numerusform>
        </translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Beregner …</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Innstillinger …</translation>
    </message>
    <message>
        <source>Non-wear rule, bout length, minimum wear, UTC offset and activity groups</source>
        <translation>Regel for ikke båret tid, periodelengde, minste brukstid, UTC-forskyvning og aktivitetsgrupper</translation>
    </message>
</context>
<context>
    <name>kinemark::PatientViewController</name>
    <message>
        <source>The project&apos;s Patient view settings could not be read (%1); using the defaults</source>
        <translation>Prosjektets innstillinger for pasientvisningen kunne ikke leses (%1); bruker standardverdiene</translation>
    </message>
    <message>
        <source>Export Report</source>
        <translation>Eksporter rapport</translation>
    </message>
    <message>
        <source>Choose a recording with ground truth or a prediction first.</source>
        <translation>Velg først et opptak med fasit eller en prediksjon.</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>Skrev %1</translation>
    </message>
</context>
<context>
    <name>kinemark::PretrainDialog</name>
    <message>
        <source>The paper&apos;s size (d_model 1500, 4 layers, 6 heads, ~60 M parameters: far slower than the default)</source>
        <translation>Størrelsen fra artikkelen (d_model 1500, 4 lag, 6 hoder, ~60 M parametere: langt tregere enn standard)</translation>
    </message>
    <message>
        <source>Pre-train an Encoder</source>
        <translation>Forhåndstren en enkoder</translation>
    </message>
    <message>
        <source>%1 — subject %2, %3 h%4</source>
        <translation>%1 — deltaker %2, %3 t%4</translation>
    </message>
    <message>
        <source>, labelled</source>
        <translation>, merket</translation>
    </message>
    <message>
        <source>all cores (%1)</source>
        <translation>alle kjerner (%1)</translation>
    </message>
    <message>
        <source>The transformer learns to fill in masked parts of the recordings&apos; stacked spectrograms (5-minute windows); labels are not used, so unlabelled recordings count as much as labelled ones. The encoder is stored in the project and can then be chosen when training selfpab.</source>
        <translation>Transformeren lærer å fylle inn maskerte deler av opptakenes stablede spektrogrammer (5-minutters vinduer); etiketter brukes ikke, så umerkede opptak teller like mye som merkede. Enkoderen lagres i prosjektet og kan deretter velges ved trening av selfpab.</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>&amp;Epoker:</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>&amp;Batchstørrelse:</translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation>&amp;Frø:</translation>
    </message>
    <message>
        <source>&amp;Threads:</source>
        <translation>&amp;Tråder:</translation>
    </message>
    <message>
        <source>Recordings to pre-train on</source>
        <translation>Opptak å forhåndstrene på</translation>
    </message>
    <message>
        <source>&amp;Pre-train</source>
        <translation>For&amp;håndstren</translation>
    </message>
    <message numerus="yes">
        <source>%n recording(s), </source>
        <translation>
            <numerusform>%n opptak, </numerusform>
            <numerusform>%n opptak, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n 5-minute window(s) per epoch.</source>
        <translation>
            <numerusform>omtrent %n 5-minutters vindu per epoke.</numerusform>
            <numerusform>omtrent %n 5-minutters vinduer per epoke.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kinemark::ProjectController</name>
    <message>
        <source>Kinemark</source>
        <translation>Kinemark</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Åpner %1 …</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>Kunne ikke åpne %1</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>Åpne prosjekt</translation>
    </message>
    <message>
        <source>Kinemark projects (*.kmk)</source>
        <translation>Kinemark-prosjekter (*.kmk)</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>uten navn</translation>
    </message>
    <message>
        <source>Kinemark — %1[*]</source>
        <translation>Kinemark — %1[*]</translation>
    </message>
    <message>
        <source>Opening</source>
        <translation>Åpner</translation>
    </message>
    <message>
        <source>Wait for the running task to finish, or cancel it.</source>
        <translation>Vent til oppgaven som kjører er ferdig, eller avbryt den.</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>Lagrer</translation>
    </message>
    <message>
        <source>Save Project</source>
        <translation>Lagre prosjekt</translation>
    </message>
    <message>
        <source>The project was not saved; the file on disk is unchanged.

%1</source>
        <translation>Prosjektet ble ikke lagret; filen på disken er uendret.

%1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Lagret %1</translation>
    </message>
    <message>
        <source>The project has unsaved changes. Save them?</source>
        <translation>Prosjektet har endringer som ikke er lagret. Vil du lagre dem?</translation>
    </message>
    <message>
        <source>Recover Edits</source>
        <translation>Gjenopprett endringer</translation>
    </message>
    <message numerus="yes">
        <source>Kinemark was not closed properly. The journal of %1 holds %n edit(s) (by %2, the last at %3) that were not saved.

Recover them?</source>
        <translation>
            <numerusform>Kinemark ble ikke avsluttet riktig. Loggen for %1 har %n endring (av %2, den siste %3) som ikke ble lagret.

Vil du gjenopprette den?</numerusform>
            <numerusform>Kinemark ble ikke avsluttet riktig. Loggen for %1 har %n endringer (av %2, den siste %3) som ikke ble lagret.

Vil du gjenopprette dem?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Recovered %n edit(s) from the journal; save to keep them</source>
        <translation>
            <numerusform>Gjenopprettet %n endring fra loggen; lagre for å beholde den</numerusform>
            <numerusform>Gjenopprettet %n endringer fra loggen; lagre for å beholde dem</numerusform>
        </translation>
    </message>
    <message>
        <source>The journal could not be replayed:

%1</source>
        <translation>Loggen kunne ikke spilles av på nytt:

%1</translation>
    </message>
    <message numerus="yes">
        <source>Kinemark was not closed properly while %1 had %n unsaved edit(s). Open it and recover them?</source>
        <translation>
            <numerusform>Kinemark ble ikke avsluttet riktig mens %1 hadde %n endring som ikke var lagret. Vil du åpne den og gjenopprette den?</numerusform>
            <numerusform>Kinemark ble ikke avsluttet riktig mens %1 hadde %n endringer som ikke var lagret. Vil du åpne den og gjenopprette dem?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kinemark::RecordingSession</name>
    <message>
        <source>Preparing signal overview</source>
        <translation>Forbereder signaloversikt</translation>
    </message>
    <message>
        <source>Computing spectrograms</source>
        <translation>Beregner spektrogrammer</translation>
    </message>
</context>
<context>
    <name>kinemark::RocCurveView</name>
    <message>
        <source>false-positive rate</source>
        <translation>falsk positiv-rate</translation>
    </message>
    <message>
        <source>true-positive rate</source>
        <translation>sann positiv-rate</translation>
    </message>
    <message>
        <source>chance</source>
        <translation>tilfeldig</translation>
    </message>
    <message>
        <source>%1 (AUC %2)</source>
        <translation>%1 (AUC %2)</translation>
    </message>
</context>
<context>
    <name>kinemark::SignalView</name>
    <message>
        <source>Preparing signal overview…</source>
        <translation>Forbereder signaloversikt …</translation>
    </message>
</context>
<context>
    <name>kinemark::SpectrogramView</name>
    <message>
        <source>Computing spectrogram…</source>
        <translation>Beregner spektrogram …</translation>
    </message>
</context>
<context>
    <name>kinemark::SyntheticGalleryView</name>
    <message>
        <source>Real — %1</source>
        <translation>Ekte — %1</translation>
    </message>
    <message>
        <source>Synthetic — %1</source>
        <translation>Syntetisk — %1</translation>
    </message>
    <message>
        <source>z</source>
        <translation>z</translation>
    </message>
    <message>
        <source>Hz</source>
        <translation>Hz</translation>
    </message>
    <message>
        <source>s</source>
        <translation>s</translation>
    </message>
</context>
<context>
    <name>kinemark::SyntheticWindowsController</name>
    <message>
        <source>S&amp;ynthetic Windows...</source>
        <translation>S&amp;yntetiske vinduer …</translation>
    </message>
    <message>
        <source>Windows sampled from a usad-diffusion model beside real windows of the same class</source>
        <translation>Vinduer samplet fra en usad-diffusion-modell ved siden av ekte vinduer av samme klasse</translation>
    </message>
    <message>
        <source>The project has no diffusion model to sample from.

Train one with Models › Train Model… and the model “usad-diffusion” (its windows are learnt from the training subjects&apos; ground truth); it is then stored in the project and can be chosen here.</source>
        <translation>Prosjektet har ingen diffusjonsmodell å sample fra.

Tren en med Modeller › Tren modell … og modellen «usad-diffusion» (vinduene læres fra treningsdeltakernes fasit); den lagres da i prosjektet og kan velges her.</translation>
    </message>
    <message>
        <source>Unreadable: %1</source>
        <translation>Uleselig: %1</translation>
    </message>
    <message>
        <source>Synthetic Windows</source>
        <translation>Syntetiske vinduer</translation>
    </message>
    <message>
        <source>Synthetic windows of %1 (%2)</source>
        <translation>Syntetiske vinduer av %1 (%2)</translation>
    </message>
    <message>
        <source>cancelled; the project is as it was</source>
        <translation>avbrutt; prosjektet er som før</translation>
    </message>
    <message>
        <source>another project is open now: not shown</source>
        <translation>et annet prosjekt er åpent nå: ikke vist</translation>
    </message>
    <message>
        <source>Synthetic Windows — %1 — %2</source>
        <translation>Syntetiske vinduer — %1 — %2</translation>
    </message>
    <message>
        <source>Model %1, seed %2: %3 real windows of %4, spread over the class&apos;s windows, beside %5 sampled ones; all z-scored with the model&apos;s statistics.</source>
        <translation>Modell %1, frø %2: %3 ekte vinduer av %4, spredt over klassens vinduer, ved siden av %5 samplede; alle z-standardisert med modellens statistikk.</translation>
    </message>
    <message>
        <source>%1 synthetic and %2 real windows of %3</source>
        <translation>%1 syntetiske og %2 ekte vinduer av %3</translation>
    </message>
</context>
<context>
    <name>kinemark::SyntheticWindowsDialog</name>
    <message>
        <source>Synthetic Windows</source>
        <translation>Syntetiske vinduer</translation>
    </message>
    <message>
        <source>Windows sampled from a diffusion model beside real windows of the same class, as signals and spectrograms on shared scales.</source>
        <translation>Vinduer samplet fra en diffusjonsmodell ved siden av ekte vinduer av samme klasse, som signaler og spektrogrammer på felles skalaer.</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>&amp;Class:</source>
        <translation>&amp;Klasse:</translation>
    </message>
    <message>
        <source>&amp;Windows of each kind:</source>
        <translation>&amp;Vinduer av hver type:</translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation>&amp;Frø:</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>Generer</translation>
    </message>
    <message>
        <source>%1 (%2): %3 training windows</source>
        <translation>%1 (%2): %3 treningsvinduer</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>kinemark::TimeUseSettingsDialog</name>
    <message>
        <source>Patient View Settings</source>
        <translation>Innstillinger for pasientvisning</translation>
    </message>
    <message>
        <source>Wear and bouts</source>
        <translation>Bruk og perioder</translation>
    </message>
    <message>
        <source>&amp;Detect non-wear from the signal</source>
        <translation>&amp;Gjenkjenn ikke båret tid fra signalet</translation>
    </message>
    <message>
        <source> mg</source>
        <translation> mg</translation>
    </message>
    <message>
        <source>A minute is still when every acceleration axis varies less than this (standard deviation).</source>
        <translation>Et minutt regnes som stille når hver akselerasjonsakse varierer mindre enn dette (standardavvik).</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Still stretches at least this long count as non-wear.</source>
        <translation>Stille tidsrom på minst denne lengden regnes som ikke båret.</translation>
    </message>
    <message>
        <source> h</source>
        <translation> t</translation>
    </message>
    <message>
        <source>Days with less wear are flagged and left out of the averages.</source>
        <translation>Dager med mindre brukstid merkes og holdes utenfor gjennomsnittene.</translation>
    </message>
    <message>
        <source>Added to the stored times to find local midnight. Device files store the device&apos;s clock, so 0 is right for them.</source>
        <translation>Legges til de lagrede tidene for å finne lokal midnatt. Enhetsfiler lagrer enhetens klokke, så 0 er riktig for dem.</translation>
    </message>
    <message>
        <source>&amp;Still below:</source>
        <translation>&amp;Stille under:</translation>
    </message>
    <message>
        <source>&amp;Non-wear after:</source>
        <translation>&amp;Ikke båret etter:</translation>
    </message>
    <message>
        <source>Sedentary &amp;bouts from:</source>
        <translation>Stillesittende &amp;perioder fra:</translation>
    </message>
    <message>
        <source>Valid days need &amp;wear of:</source>
        <translation>Gyldige dager krever &amp;brukstid på:</translation>
    </message>
    <message>
        <source>&amp;UTC offset:</source>
        <translation>&amp;UTC-forskyvning:</translation>
    </message>
    <message>
        <source>Activity groups of %1</source>
        <translation>Aktivitetsgrupper for %1</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ingen)</translation>
    </message>
    <message>
        <source>Sedentary bouts and transitions use the groups named sedentary, upright and active.</source>
        <translation>Stillesittende perioder og overganger bruker gruppene som heter sedentary, upright og active.</translation>
    </message>
</context>
<context>
    <name>kinemark::TimeUseSummaryPanel</name>
    <message>
        <source>Too little wear: not included in the means</source>
        <translation>For lite bruk: ikke med i gjennomsnittene</translation>
    </message>
    <message>
        <source>%1 — %2. Days with less than %3 h of wear are flagged (⚠) and left out of the means; sedentary bouts are counted from %4 min.</source>
        <translation>%1 — %2. Dager med mindre enn %3 t bruk er merket (⚠) og holdt utenfor gjennomsnittene; stillesittende perioder telles fra %4 min.</translation>
    </message>
    <message>
        <source>no track</source>
        <translation>intet spor</translation>
    </message>
</context>
<context>
    <name>kinemark::TimelineEditor</name>
    <message>
        <source>paint %1: %2 s</source>
        <translation>mal %1: %2 s</translation>
    </message>
    <message>
        <source>boundary %1%2 s</source>
        <translation>grense %1%2 s</translation>
    </message>
</context>
<context>
    <name>kinemark::TimelineView</name>
    <message>
        <source>truth</source>
        <translation>fasit</translation>
    </message>
    <message>
        <source>≠ truth</source>
        <translation>≠ fasit</translation>
    </message>
    <message>
        <source>No annotation tracks</source>
        <translation>Ingen annoteringsspor</translation>
    </message>
    <message>
        <source>%1 — %2
start %3, duration %4</source>
        <translation>%1 — %2
start %3, varighet %4</translation>
    </message>
    <message>
        <source>confidence</source>
        <translation>sikkerhet</translation>
    </message>
    <message>
        <source>confidence %1 (largest class probability)</source>
        <translation>sikkerhet %1 (største klassesannsynlighet)</translation>
    </message>
    <message>
        <source>the prediction differs from the ground truth for %1</source>
        <translation>prediksjonen avviker fra fasiten i %1</translation>
    </message>
</context>
<context>
    <name>kinemark::TrainDialog</name>
    <message>
        <source>Train a Model</source>
        <translation>Tren en modell</translation>
    </message>
    <message>
        <source>subject %1</source>
        <translation>deltaker %1</translation>
    </message>
    <message>
        <source> samples</source>
        <translation> sampler</translation>
    </message>
    <message>
        <source>all cores (%1)</source>
        <translation>alle kjerner (%1)</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>&amp;Epoker:</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>&amp;Batchstørrelse:</translation>
    </message>
    <message>
        <source>&amp;Learning rate:</source>
        <translation>&amp;Læringsrate:</translation>
    </message>
    <message>
        <source>&amp;Window length:</source>
        <translation>&amp;Vinduslengde:</translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation>&amp;Frø:</translation>
    </message>
    <message>
        <source>&amp;Threads:</source>
        <translation>&amp;Tråder:</translation>
    </message>
    <message>
        <source>Classes to learn</source>
        <translation>Klasser som skal læres</translation>
    </message>
    <message>
        <source>Validation subjects (held out of training)</source>
        <translation>Valideringsdeltakere (holdt utenfor treningen)</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>&amp;Tren</translation>
    </message>
    <message numerus="yes">
        <source>%n class(es); </source>
        <translation>
            <numerusform>%n klasse; </numerusform>
            <numerusform>%n klasser; </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n training subject(s), </source>
        <translation>
            <numerusform>%n treningsdeltaker, </numerusform>
            <numerusform>%n treningsdeltakere, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n validation subject(s). </source>
        <translation>
            <numerusform>%n valideringsdeltaker. </numerusform>
            <numerusform>%n valideringsdeltakere. </numerusform>
        </translation>
    </message>
    <message>
        <source>Without validation subjects the last epoch is kept and nothing measures how well the model generalises.</source>
        <translation>Uten valideringsdeltakere beholdes siste epoke, og ingenting måler hvor godt modellen generaliserer.</translation>
    </message>
    <message>
        <source>The epoch with the best validation macro F1 is kept.</source>
        <translation>Epoken med best makro-F1 på valideringen beholdes.</translation>
    </message>
    <message>
        <source>Training windows must be fully labelled.</source>
        <translation>Treningsvinduer må være fullstendig merket.</translation>
    </message>
    <message>
        <source>None — train the encoder from scratch</source>
        <translation>Ingen — tren enkoderen fra bunnen av</translation>
    </message>
    <message>
        <source>A pre-trained encoder is frozen for the first part of the training, then fine-tuned. Models › Pre-train Encoder… makes another from the project&apos;s recordings.</source>
        <translation>En forhåndstrent enkoder fryses i første del av treningen og finjusteres deretter. Modeller › Forhåndstren enkoder … lager en ny fra prosjektets opptak.</translation>
    </message>
    <message>
        <source>The project has no pre-trained encoder yet: Models › Pre-train Encoder… makes one from its recordings, labelled or not.</source>
        <translation>Prosjektet har ingen forhåndstrent enkoder ennå: Modeller › Forhåndstren enkoder … lager en fra opptakene, merket eller ikke.</translation>
    </message>
    <message>
        <source>Pre-trained &amp;encoder:</source>
        <translation>Forhåndstrent en&amp;koder:</translation>
    </message>
</context>
<context>
    <name>kinemark::TsneScatterView</name>
    <message>
        <source>t-SNE 1</source>
        <translation>t-SNE 1</translation>
    </message>
    <message>
        <source>t-SNE 2</source>
        <translation>t-SNE 2</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(ingen deltaker)</translation>
    </message>
    <message>
        <source>subject %1</source>
        <translation>deltaker %1</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(ukjent)</translation>
    </message>
    <message>
        <source>%1
subject %2, recording %3
%4 to %5</source>
        <translation>%1
deltaker %2, opptak %3
%4 til %5</translation>
    </message>
</context>
<context>
    <name>kinemark::WhatTheModelSeesDialog</name>
    <message>
        <source>None — input and masking only</source>
        <translation>Ingen — bare inndata og maskering</translation>
    </message>
    <message>
        <source>New &amp;Mask</source>
        <translation>Ny &amp;maske</translation>
    </message>
    <message>
        <source>What the Model Sees</source>
        <translation>Hva modellen ser</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Draw another mask for the same window</source>
        <translation>Trekk en ny maske for samme vindu</translation>
    </message>
    <message>
        <source>Pre-trained &amp;encoder:</source>
        <translation>Forhåndstrent en&amp;koder:</translation>
    </message>
    <message>
        <source>&amp;Window starts at:</source>
        <translation>&amp;Vinduet starter ved:</translation>
    </message>
    <message>
        <source>Open a recording: the panel shows one 5-minute window of it.</source>
        <translation>Åpne et opptak: panelet viser ett 5-minutters vindu av det.</translation>
    </message>
    <message>
        <source>Computing the window…</source>
        <translation>Beregner vinduet …</translation>
    </message>
    <message>
        <source>Cannot show this window: %1</source>
        <translation>Kan ikke vise dette vinduet: %1</translation>
    </message>
    <message>
        <source>Recording %1, subject %2: the %3-minute window from %4 min, mask %5.</source>
        <translation>Opptak %1, deltaker %2: vinduet på %3 minutter fra %4 min, maske %5.</translation>
    </message>
</context>
</TS>
