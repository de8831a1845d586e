# Help ships with the module: every exported cmdlet, and every parameter it has, must be
# documented, and what the help says about a parameter must be what the cmdlet does. The help is
# written in src/PantoQa.Module/help (CONTRIBUTING.md says how) and built into out/PantoQa/en-US;
# these tests read it through Get-Help, as a user would, and compare it with Get-Command, so a
# parameter added without help, or a default changed without its help, fails here.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    $cmdlets = @((Get-Module PantoQa).ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Cmdlet = $_ } })
    $parameters = @(foreach ($cmdlet in $cmdlets) {
            foreach ($parameter in (Get-Command $cmdlet.Cmdlet).Parameters.Values) {
                if ($commonParameters -notcontains $parameter.Name) { @{ Cmdlet = $cmdlet.Cmdlet; Parameter = $parameter.Name } }
            }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

    function Get-HelpText {
        <# The text of a MAML description: its paragraphs, joined. #>
        param($Description)
        (@($Description) | Where-Object { $_ } | ForEach-Object { $_.Text }) -join "`n"
    }

    function Get-DefaultValue {
        <# What a parameter is when not given: the property's value on a new cmdlet object. #>
        param([string] $Cmdlet, [string] $Parameter)
        $instance = [Activator]::CreateInstance((Get-Command $Cmdlet).ImplementingType)
        try { $instance.$Parameter }
        finally { if ($instance -is [IDisposable]) { $instance.Dispose() } }
    }
}

Describe '<Cmdlet> help' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help $Cmdlet -Full
        $command = Get-Command $Cmdlet
    }

    It 'comes from the module help file, not from PowerShell''s generated stub' {
        $help.PSObject.TypeNames | Should -Contain 'MamlCommandHelpInfo' -Because "en-US/PantoQa.dll-Help.xml beside PantoQa.psd1 must hold $Cmdlet"
    }

    It 'has a synopsis' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ([regex]::Escape($Cmdlet) + ' \[') -Because 'a synopsis that repeats the syntax is the generated one'
    }

    It 'has a description' {
        Get-HelpText $help.description | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code and remarks' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty -Because $example.title
            Get-HelpText $example.remarks | Should -Not -BeNullOrEmpty -Because $example.title
        }
    }

    It 'documents no parameter the cmdlet does not have' {
        $documented = @($help.parameters.parameter | Where-Object { $_ } | ForEach-Object name)
        $actual = @($command.Parameters.Keys)
        $documented | Where-Object { $actual -notcontains $_ } | Should -BeNullOrEmpty
    }

    It 'shows one syntax per parameter set, with the parameters of that set' {
        $expected = @(foreach ($set in $command.ParameterSets) {
                (@($set.Parameters.Name | Where-Object { $commonParameters -notcontains $_ }) | Sort-Object) -join ','
            }) | Sort-Object
        $shown = @(foreach ($item in $help.syntax.syntaxItem) {
                (@($item.PSObject.Properties['parameter'] | ForEach-Object { $_.Value.name }) | Sort-Object) -join ','
            }) | Sort-Object
        $shown | Should -Be $expected
    }

    It 'names its input and output types' {
        @($help.inputTypes.inputType).Count | Should -BeGreaterOrEqual 1
        @($help.returnValues.returnValue).Count | Should -BeGreaterOrEqual 1
    }
}

Describe '<Cmdlet> -<Parameter> help' -ForEach $parameters {
    BeforeAll {
        $help = (Get-Help $Cmdlet -Full).parameters.parameter | Where-Object name -EQ $Parameter
        $metadata = (Get-Command $Cmdlet).Parameters[$Parameter]
        $sets = @($metadata.ParameterSets.Values)
    }

    It 'is documented, with a description' {
        $help | Should -Not -BeNullOrEmpty -Because "src/PantoQa.Module/help/$Cmdlet.md needs a '### -$Parameter' section"
        Get-HelpText $help.description | Should -Not -BeNullOrEmpty
    }

    It 'gives the type the cmdlet takes' {
        $help.type.name | Should -Be $metadata.ParameterType.Name
    }

    It 'says whether it is required, as the cmdlet does' {
        $required = @($sets | ForEach-Object IsMandatory | Sort-Object -Unique)
        $required.Count | Should -Be 1 -Because 'the help has one Required value for every parameter set'
        $help.required | Should -Be $required[0].ToString().ToLowerInvariant()
    }

    It 'gives its position, as the cmdlet does' {
        $positions = @($sets | ForEach-Object { if ($_.Position -ge 0) { [string] $_.Position } else { 'named' } } | Sort-Object -Unique)
        $positions.Count | Should -Be 1 -Because 'the help has one Position value for every parameter set'
        $help.position | Should -Be $positions[0]
    }

    It 'says which pipeline input it accepts, as the cmdlet does' {
        $byValue = [bool] ($sets | Where-Object ValueFromPipeline)
        $byName = [bool] ($sets | Where-Object ValueFromPipelineByPropertyName)
        $kinds = @(if ($byValue) { 'ByValue' }; if ($byName) { 'ByPropertyName' })
        $expected = if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
        $help.pipelineInput | Should -Be $expected
    }

    It 'lists the aliases the cmdlet has' {
        $expected = if ($metadata.Aliases.Count -gt 0) { $metadata.Aliases -join ', ' } else { 'none' }
        $help.aliases | Should -Be $expected
    }

    It 'gives its default value, and the one in the code when there is one' {
        $help.defaultValue | Should -Not -BeNullOrEmpty
        $default = Get-DefaultValue -Cmdlet $Cmdlet -Parameter $Parameter
        if ($null -ne $default) {
            $help.defaultValue | Should -Be ([string] $default)
        }
        elseif ($metadata.ParameterSets.Values.IsMandatory -contains $true) {
            $help.defaultValue | Should -Be 'None' -Because 'a required parameter has no default'
        }
    }
}

Describe 'about_PantoQa' {
    BeforeAll {
        $about = Get-Help about_PantoQa | Out-String
    }

    It 'is found by Get-Help' {
        $about | Should -Match 'TOPIC\s+about_PantoQa'
        $about | Should -Match 'SHORT DESCRIPTION'
    }

    It 'covers connecting, waiting, errors, retries and the emulator' {
        foreach ($section in 'CONNECTING', 'WAITING FOR A TRIGGER', 'ERRORS', 'RETRIES AND LIMITS', 'THE EMULATOR') {
            $about | Should -Match "(?m)^$section$"
        }
    }

    It 'names every exported cmdlet' {
        foreach ($name in (Get-Module PantoQa).ExportedCmdlets.Keys) {
            $about | Should -Match ([regex]::Escape($name))
        }
    }
}
