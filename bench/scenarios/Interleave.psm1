# The timing loop every side-by-side scenario shares.

function Measure-Interleaved {
    <#
    .SYNOPSIS
        Times every way once per round and returns each way's milliseconds per round.
    .DESCRIPTION
        Each round starts with the next way along, so drift in the machine's load falls on all
        the ways alike. -Check sees every result after its clock stops, so verifying costs no way
        any time, and a fast way that returned the wrong answer fails the scenario.
    #>
    param(
        [Parameter(Mandatory)][System.Collections.IDictionary] $Ways,
        [Parameter(Mandatory)][int] $Rounds,
        # Runs one way by name and returns its result (as one object: wrap arrays with ,@()).
        [Parameter(Mandatory)][scriptblock] $Run,
        # Throws when a way's result is wrong.
        [Parameter(Mandatory)][scriptblock] $Check
    )
    $times = [ordered]@{}
    foreach ($name in $Ways.Keys) { $times[$name] = [System.Collections.Generic.List[double]]::new() }
    $names = @($Ways.Keys)
    for ($round = 0; $round -lt $Rounds; $round++) {
        for ($i = 0; $i -lt $names.Count; $i++) {
            $name = $names[($i + $round) % $names.Count]
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $result = & $Run $name
            $watch.Stop()
            & $Check $name $result
            $times[$name].Add($watch.Elapsed.TotalMilliseconds)
            $result = $null
        }
    }
    $times
}

Export-ModuleMember -Function Measure-Interleaved
