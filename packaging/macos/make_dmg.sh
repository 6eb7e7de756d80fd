#!/usr/bin/env bash
# Build dist/IMH-Library-<version>-macos-<arch>.dmg from "dist/IMH Library.app"
# (made by `uv run python packaging/build.py` on a Mac), with an Applications link.
#
# Signing and notarisation run only when their credentials are in the environment
# (CI secrets); otherwise a notice is printed and those steps are skipped.
#   MACOS_SIGN_IDENTITY        e.g. "Developer ID Application: Name (TEAMID)"
#   MACOS_CERTIFICATE          optional: base64 of the .p12 holding that identity
#   MACOS_CERTIFICATE_PASSWORD optional: the .p12's password
#   Notarisation, either an app-specific password:
#     APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD
#   or an App Store Connect API key:
#     APPLE_API_KEY (base64 of the .p8), APPLE_API_KEY_ID, APPLE_API_ISSUER
set -euo pipefail

cd "$(dirname "$0")/../.."
APP_NAME="IMH Library"
APP="dist/${APP_NAME}.app"
ENTITLEMENTS="packaging/macos/entitlements.plist"

if [[ ! -d "$APP" ]]; then
  echo "error: $APP not found; run: uv run python packaging/build.py" >&2
  exit 1
fi

VERSION=$(/usr/libexec/PlistBuddy -c "Print CFBundleShortVersionString" "$APP/Contents/Info.plist")
ARCH=$(lipo -archs "$APP/Contents/MacOS/imh-library" 2>/dev/null | tr ' ' '-' || uname -m)
DMG="dist/IMH-Library-${VERSION}-macos-${ARCH}.dmg"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; if [[ -n "${KEYCHAIN:-}" ]]; then security delete-keychain "$KEYCHAIN" || true; fi' EXIT

notice() { echo "::notice::$*"; }

# --- Signing (optional) ---------------------------------------------------------------------
SIGN="${MACOS_SIGN_IDENTITY:-}"
if [[ -n "$SIGN" && -n "${MACOS_CERTIFICATE:-}" ]]; then
  # A throwaway keychain holding the Developer ID certificate from the CI secret.
  KEYCHAIN="$WORK/signing.keychain-db"
  KEYCHAIN_PASSWORD=$(uuidgen)
  echo "$MACOS_CERTIFICATE" | base64 --decode > "$WORK/certificate.p12"
  security create-keychain -p "$KEYCHAIN_PASSWORD" "$KEYCHAIN"
  security set-keychain-settings -lut 21600 "$KEYCHAIN"
  security unlock-keychain -p "$KEYCHAIN_PASSWORD" "$KEYCHAIN"
  security import "$WORK/certificate.p12" -k "$KEYCHAIN" \
    -P "${MACOS_CERTIFICATE_PASSWORD:-}" -T /usr/bin/codesign
  security set-key-partition-list -S apple-tool:,apple: -s -k "$KEYCHAIN_PASSWORD" "$KEYCHAIN"
  security list-keychains -d user -s "$KEYCHAIN" $(security list-keychains -d user | tr -d '"')
fi

sign() {
  codesign --force --options runtime --timestamp --entitlements "$ENTITLEMENTS" \
    --sign "$SIGN" "$@"
}

if [[ -n "$SIGN" ]]; then
  echo "Signing $APP as: $SIGN"
  # Inside out: every Mach-O file, then the framework bundles, then the app itself.
  while IFS= read -r -d '' file; do
    if file -b "$file" | grep -q "Mach-O"; then
      sign "$file"
    fi
  done < <(find "$APP/Contents" -type f ! -path "$APP/Contents/MacOS/imh-library" -print0)
  while IFS= read -r -d '' framework; do
    sign "$framework"
  done < <(find "$APP/Contents" -depth -type d -name "*.framework" -print0)
  sign "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
else
  notice "MACOS_SIGN_IDENTITY is not set: the app and the dmg are NOT signed or notarised" \
    "(Gatekeeper will warn; right-click > Open to run it)."
fi

# --- The disk image ---------------------------------------------------------------------------
STAGING="$WORK/dmg"
mkdir -p "$STAGING"
cp -R "$APP" "$STAGING/"
ln -s /Applications "$STAGING/Applications"
rm -f "$DMG"
hdiutil create -volname "${APP_NAME} ${VERSION}" -srcfolder "$STAGING" -fs HFS+ \
  -format UDZO -imagekey zlib-level=9 -ov "$DMG"

if [[ -n "$SIGN" ]]; then
  codesign --force --timestamp --sign "$SIGN" "$DMG"
fi

# --- Notarisation (optional; needs a signed app) ----------------------------------------------
NOTARY=()
if [[ -n "${APPLE_ID:-}" && -n "${APPLE_TEAM_ID:-}" && -n "${APPLE_APP_PASSWORD:-}" ]]; then
  NOTARY=(--apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD")
elif [[ -n "${APPLE_API_KEY:-}" && -n "${APPLE_API_KEY_ID:-}" && -n "${APPLE_API_ISSUER:-}" ]]; then
  echo "$APPLE_API_KEY" | base64 --decode > "$WORK/AuthKey.p8"
  NOTARY=(--key "$WORK/AuthKey.p8" --key-id "$APPLE_API_KEY_ID" --issuer "$APPLE_API_ISSUER")
fi

if [[ -n "$SIGN" && ${#NOTARY[@]} -gt 0 ]]; then
  echo "Submitting $DMG for notarisation (waits for the result)"
  xcrun notarytool submit "$DMG" "${NOTARY[@]}" --wait
  xcrun stapler staple "$DMG"
  xcrun stapler validate "$DMG"
  spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG" || true
elif [[ -n "$SIGN" ]]; then
  notice "No notarisation credentials (APPLE_ID/APPLE_TEAM_ID/APPLE_APP_PASSWORD or" \
    "APPLE_API_KEY/APPLE_API_KEY_ID/APPLE_API_ISSUER): the dmg is signed but not notarised."
fi

echo "Built $DMG ($(du -h "$DMG" | cut -f1))"
