; Windows installer of the village station (村级服务站收银), per machine.
; Built by packaging/windows/build.ps1 on Windows, or anywhere makensis runs:
;   makensis /DVERSION=0.1.0 /DSOURCE=dist\village-station /DOUTFILE=dist\setup.exe station.nsi
; Installs into Program Files, adds Start-menu and desktop shortcuts for all users and
; the nightly sync (Task Scheduler, 02:30, as the installing keeper's account). The
; station's data lives in each keeper's %LOCALAPPDATA%\VillageStation: neither an
; upgrade nor the uninstaller touches it.

Unicode true
!ifndef VERSION
  !error "give /DVERSION=x.y.z"
!endif
!ifndef SOURCE
  !error "give /DSOURCE=folder built by PyInstaller (dist\village-station)"
!endif
!ifndef OUTFILE
  !define OUTFILE "village-station-${VERSION}-setup.exe"
!endif

!define APP "VillageStation"
!define NAME_ZH "村级服务站收银"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define TASK "VillageStationSync"

Name "${NAME_ZH} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP}"
InstallDirRegKey HKLM "Software\${APP}" "InstallDir"
RequestExecutionLevel admin
SetCompressor /SOLID lzma
ShowInstDetails show

!include "MUI2.nsh"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

Section "Install"
  SetShellVarContext all
  ; An upgrade: the old program files go (a stale DLL must not outlive its version);
  ; the data folder is elsewhere and stays.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\station.exe"
  Delete "$INSTDIR\station-sync.exe"
  SetOutPath "$INSTDIR"
  File /r "${SOURCE}\*.*"
  File "/oname=station-sync-task.xml" "station-sync-task.xml"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${NAME_ZH}"
  CreateShortcut "$SMPROGRAMS\${NAME_ZH}\${NAME_ZH}.lnk" "$INSTDIR\station.exe"
  CreateShortcut "$SMPROGRAMS\${NAME_ZH}\卸载 Uninstall.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${NAME_ZH}.lnk" "$INSTDIR\station.exe"

  ; The nightly job, as the keeper who runs the installer (their data folder). The task
  ; file (catch-up after a PC was off, no battery limits) names the default folder;
  ; installed elsewhere, a plain daily task at 02:30 does the same job.
  nsExec::ExecToLog 'schtasks /Delete /TN "${TASK}" /F'
  StrCmp "$INSTDIR" "$PROGRAMFILES64\${APP}" 0 plain_task
    nsExec::ExecToLog 'schtasks /Create /TN "${TASK}" /XML "$INSTDIR\station-sync-task.xml" /F'
    Goto task_done
  plain_task:
    nsExec::ExecToLog 'schtasks /Create /TN "${TASK}" /SC DAILY /ST 02:30 /TR "\"$INSTDIR\station-sync.exe\" sync" /F'
  task_done:

  WriteRegStr HKLM "Software\${APP}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${NAME_ZH} (Village Station)"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "County service centre"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\station.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  nsExec::ExecToLog 'schtasks /Delete /TN "${TASK}" /F'
  Delete "$DESKTOP\${NAME_ZH}.lnk"
  RMDir /r "$SMPROGRAMS\${NAME_ZH}"
  ; Only the program: %LOCALAPPDATA%\VillageStation (database, backups, updates) stays.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\station.exe"
  Delete "$INSTDIR\station-sync.exe"
  Delete "$INSTDIR\station-sync-task.xml"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "Software\${APP}"
SectionEnd
