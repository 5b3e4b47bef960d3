@echo off
rem Starts the station's web app (bantin serve) and opens it in the browser.
rem Put this file in the station folder (the one with bantin.toml), with bantin.exe
rem beside it or on the PATH, and make a desktop shortcut to it.
chcp 65001 >nul
cd /d "%~dp0"
set BANTIN=bantin.exe
if exist "%~dp0bantin.exe" set BANTIN="%~dp0bantin.exe"
rem Open the browser a moment after the server starts (it keeps running in this window).
start "" /b cmd /c "timeout /t 2 /nobreak >nul & start "" http://127.0.0.1:8080/"
echo Dang mo bantin tai http://127.0.0.1:8080/  -  dong cua so nay de tat.
%BANTIN% serve --config "%~dp0bantin.toml"
if errorlevel 1 pause
