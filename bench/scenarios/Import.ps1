<#
.SYNOPSIS
    Times one Import-Module in this (fresh) process and prints {"Milliseconds": n}.
.PARAMETER Before
    A module imported first, untimed: PowerShell's one-off cost of a session's first import then
    falls on it, and the figure is the target's own.
#>
param([Parameter(Mandatory)][string] $Target, [string] $Before)
$ErrorActionPreference = 'Stop'
if ($Before) { Import-Module $Before }
$watch = [System.Diagnostics.Stopwatch]::StartNew()
Import-Module $Target
$watch.Stop()
@{ Milliseconds = $watch.Elapsed.TotalMilliseconds } | ConvertTo-Json -Compress
