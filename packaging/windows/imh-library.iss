; Inno Setup 6 script for IMH Library (Windows x64).
;
; Build the frozen folder first (uv run python packaging/build.py), then:
;   iscc /DAppVersion=0.1.0 packaging\windows\imh-library.iss
; Output: dist\installer\IMH-Library-<version>-windows-x64-setup.exe
;
; Installs per user without admin rights into %LOCALAPPDATA%\Programs\IMH Library.
; "Install for all users" is offered in a dialog, or from the command line with
; /ALLUSERS (and /CURRENTUSER to force per user). Silent: /VERYSILENT /SUPPRESSMSGBOXES.
; The uninstaller keeps the user's library (%LOCALAPPDATA%\IMH Library) unless the
; user answers Yes when asked, or passes /DELETEUSERDATA to a silent uninstall.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\imh-library"
#endif
#define AppName "IMH Library"
#define AppExeName "IMH Library.exe"
#define CliExeName "imh-library.exe"
#define AppPublisher "IMH Library"

[Setup]
; Never change AppId: upgrades and the uninstaller are keyed on it.
AppId={{6F3C2B71-9A4E-4C1D-8B2A-5E7D0C9F1A36}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoProductVersion={#AppVersion}
VersionInfoDescription={#AppName} Setup
VersionInfoCompany={#AppPublisher}
; Per-user by default, no UAC prompt; machine-wide only if chosen (dialog or /ALLUSERS).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
; {autopf} is %LOCALAPPDATA%\Programs per user, Program Files for all users.
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist\installer
OutputBaseFilename=IMH-Library-{#AppVersion}-windows-x64-setup
SetupIconFile=..\icons\imh-library.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; Close a running copy (Restart Manager) before replacing its files.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller onedir folder: both executables and _internal\.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundled runtime wholesale, so no stale library lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Comment: "An offline library of infant mental health resources"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder. The user's library is handled in [Code] below.
Type: dirifempty; Name: "{app}"

[Code]
function UserDataDir(): String;
begin
  { Where the app keeps its library: platformdirs' user data folder on Windows. }
  Result := ExpandConstant('{localappdata}\{#AppName}');
end;

function HasSwitch(const Name: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), Name) = 0 then
      Result := True;
end;

function ShouldDeleteUserData(): Boolean;
begin
  Result := False;
  if HasSwitch('/DELETEUSERDATA') then
    Result := True
  else if not UninstallSilent() then
    { Default button is No: keeping the library is the safe choice. }
    Result := MsgBox('Also delete your library (bookmarks, notes, collections and imported ' +
      'resources) in:' + #13#10 + UserDataDir() + #13#10#13#10 +
      'Choose No to keep it for a later reinstall.',
      mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DirExists(UserDataDir()) then
  begin
    if ShouldDeleteUserData() then
    begin
      if not DelTree(UserDataDir(), True, True, True) then
        Log('Could not delete ' + UserDataDir());
    end
    else
      Log('Kept the user library in ' + UserDataDir());
  end;
end;
