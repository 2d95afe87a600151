<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO">
<context>
    <name>kinemark::KeyboardReference</name>
    <message>
        <source>Keyboard Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wheel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom around the mouse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift+Drag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a time range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Place the cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Menu</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinemark::MainWindow</name>
    <message>
        <source>Kinemark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Project...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fit All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom to &amp;Selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pan &amp;Left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pan &amp;Right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page Left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page Right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to &amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to &amp;End</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spectrogram in &amp;Decibels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spectrogram &amp;Colours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thermal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Night</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Kinemark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Kinemark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinemark %1: human activity recognition from wearable accelerometers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinemark — demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinemark — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n recording(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1: subject %2, %3 Hz, %4 channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinemark projects (*.kmk)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinemark::OverviewStrip</name>
    <message>
        <source>Whole recording: click or drag to navigate, wheel to zoom</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinemark::RecordingSession</name>
    <message>
        <source>Preparing signal overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing spectrograms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinemark::SignalView</name>
    <message>
        <source>Preparing signal overview…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinemark::SpectrogramView</name>
    <message>
        <source>Computing spectrogram…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kinemark::TimelineView</name>
    <message>
        <source>truth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≠ truth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No annotation tracks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2
start %3, duration %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
