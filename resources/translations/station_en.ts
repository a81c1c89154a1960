<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ConsignmentController</name>
    <message numerus="yes">
        <source>    %n lot(s) past best-before at the station (red): F7</source>
        <translation>
            <numerusform>    %n lot past best-before at the station (red): F7</numerusform>
            <numerusform>    %n lots past best-before at the station (red): F7</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n label(s) and the farmer&apos;s slip are printing.</source>
        <translation>
            <numerusform>%n label and the farmer&apos;s slip are printing.</numerusform>
            <numerusform>%n labels and the farmer&apos;s slip are printing.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Shipment {0}: %n lot(s), {1} to {2}.</source>
        <translation>
            <numerusform>Shipment {0}: %n lot, {1} to {2}.</numerusform>
            <numerusform>Shipment {0}: %n lots, {1} to {2}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Backup: %n day(s) ago</source>
        <translation>
            <numerusform>Backup: %n day ago</numerusform>
            <numerusform>Backup: %n days ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PayoutDialog</name>
    <message numerus="yes">
        <source>{0} is owed {1} for %n settlement(s)</source>
        <translation>
            <numerusform>{0} is owed {1} for %n settlement</numerusform>
            <numerusform>{0} is owed {1} for %n settlements</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PeopleController</name>
    <message numerus="yes">
        <source>Last backup: {0} (%n day(s) ago): F7 makes one now.</source>
        <translation>
            <numerusform>Last backup: {0} (%n day ago): F7 makes one now.</numerusform>
            <numerusform>Last backup: {0} (%n days ago): F7 makes one now.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PickupController</name>
    <message numerus="yes">
        <source>Waiting: %n parcel(s)</source>
        <translation>
            <numerusform>Waiting: %n parcel</numerusform>
            <numerusform>Waiting: %n parcels</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found for &quot;{0}&quot;: %n parcel(s). Esc: all waiting parcels</source>
        <translation>
            <numerusform>Found for &quot;{0}&quot;: %n parcel. Esc: all waiting parcels</numerusform>
            <numerusform>Found for &quot;{0}&quot;: %n parcels. Esc: all waiting parcels</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PrintQueue</name>
    <message numerus="yes">
        <source>Printer: %n receipt(s) not printed — {0}</source>
        <translation>
            <numerusform>Printer: %n receipt not printed — {0}</numerusform>
            <numerusform>Printer: %n receipts not printed — {0}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n not printed — {0}</source>
        <translation>
            <numerusform>; %n not printed — {0}</numerusform>
            <numerusform>; %n not printed — {0}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReceiveDialog</name>
    <message numerus="yes">
        <source>%n line(s), {0} at cost</source>
        <translation>
            <numerusform>%n line, {0} at cost</numerusform>
            <numerusform>%n lines, {0} at cost</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Esc again throws away the %n line(s) typed; F12 stores them.</source>
        <translation>
            <numerusform>Esc again throws away the %n line typed; F12 stores it.</numerusform>
            <numerusform>Esc again throws away the %n lines typed; F12 stores them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportController</name>
    <message numerus="yes">
        <source>%n line(s) without a cost ({0}) are left out.</source>
        <translation>
            <numerusform>%n line without a cost ({0}) is left out.</numerusform>
            <numerusform>%n lines without a cost ({0}) are left out.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ShipmentDialog</name>
    <message numerus="yes">
        <source>To ship: %n lot(s)</source>
        <translation>
            <numerusform>To ship: %n lot</numerusform>
            <numerusform>To ship: %n lots</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n crate(s), {0}</source>
        <translation>
            <numerusform>, %n crate, {0}</numerusform>
            <numerusform>, %n crates, {0}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StockController</name>
    <message numerus="yes">
        <source>Expiring within %n day(s): {0}.</source>
        <translation>
            <numerusform>Expiring within %n day: {0}.</numerusform>
            <numerusform>Expiring within %n days: {0}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delivery stored: %n line(s), {0} at cost.</source>
        <translation>
            <numerusform>Delivery stored: %n line, {0} at cost.</numerusform>
            <numerusform>Delivery stored: %n lines, {0} at cost.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stocktake posted: %n product(s) counted</source>
        <translation>
            <numerusform>Stocktake posted: %n product counted</numerusform>
            <numerusform>Stocktake posted: %n products counted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n adjusted</source>
        <translation>
            <numerusform>, %n adjusted</numerusform>
            <numerusform>, %n adjusted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n product(s) not counted keep their stock.</source>
        <translation>
            <numerusform>%n product not counted keeps its stock.</numerusform>
            <numerusform>%n products not counted keep their stock.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StocktakeDialog</name>
    <message numerus="yes">
        <source>Counting {0}: %n product(s)</source>
        <translation>
            <numerusform>Counting {0}: %n product</numerusform>
            <numerusform>Counting {0}: %n products</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Counted: %n product(s).</source>
        <translation>
            <numerusform>Counted: %n product.</numerusform>
            <numerusform>Counted: %n products.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not counted yet: %n (not posted; they keep their stock).</source>
        <translation>
            <numerusform>Not counted yet: %n (not posted; it keeps its stock).</numerusform>
            <numerusform>Not counted yet: %n (not posted; they keep their stock).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Esc again throws away the counts of %n product(s); F12 posts them.</source>
        <translation>
            <numerusform>Esc again throws away the count of %n product; F12 posts it.</numerusform>
            <numerusform>Esc again throws away the counts of %n products; F12 posts them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message numerus="yes">
        <source>%n record(s) will be sent again.</source>
        <translation>
            <numerusform>%n record will be sent again.</numerusform>
            <numerusform>%n records will be sent again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncWorker</name>
    <message numerus="yes">
        <source>%n record(s) were refused by the county hub; see the sync page.</source>
        <translation>
            <numerusform>%n record was refused by the county hub; see the sync page.</numerusform>
            <numerusform>%n records were refused by the county hub; see the sync page.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VillagersController</name>
    <message numerus="yes">
        <source>%n villager(s) owe {0} in total. Shown: {1}.</source>
        <translation>
            <numerusform>%n villager owes {0} in total. Shown: {1}.</numerusform>
            <numerusform>%n villagers owe {0} in total. Shown: {1}.</numerusform>
        </translation>
    </message>
</context>
</TS>
