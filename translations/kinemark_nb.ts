<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO">
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
        <source>Text recordings (*.csv *.txt *.tsv);;All files (*)</source>
        <translation>Tekstopptak (*.csv *.txt *.tsv);;Alle filer (*)</translation>
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
        <translation><numerusform>%n opptak</numerusform><numerusform>%n opptak</numerusform></translation>
    </message>
    <message>
        <source>%1: subject %2, %3 Hz, %4 channels</source>
        <translation>%1: deltaker %2, %3 Hz, %4 kanaler</translation>
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
</context>
<context>
    <name>kinemark::OverviewStrip</name>
    <message>
        <source>Whole recording: click or drag to navigate, wheel to zoom</source>
        <translation>Hele opptaket: klikk eller dra for å navigere, musehjul for å zoome</translation>
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
</context>
</TS>
