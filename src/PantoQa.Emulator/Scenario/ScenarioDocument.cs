using System.Text.Json;

namespace PantoQa.Emulator.Scenario;

// The scenario file format, as written by hand (see README "Scenario format").
// Everything is nullable here so that ScenarioCompiler can name exactly what is missing.

public sealed class ScenarioDocument
{
    public List<ApiKeyDefinition>? ApiKeys { get; set; }
    public List<SuiteDefinition>? Suites { get; set; }
    public List<FlowDefinition>? Flows { get; set; }
    public List<RunDefinition>? Runs { get; set; }
    public List<TriggerDefinition>? Triggers { get; set; }
    public List<BuildDefinition>? Builds { get; set; }
    public List<NamedDefinition>? Environments { get; set; }
    public List<NamedDefinition>? Contexts { get; set; }
}

public sealed class BuildDefinition
{
    public string? Id { get; set; }
    public string? TestFramework { get; set; }
}

public sealed class NamedDefinition
{
    public string? Id { get; set; }
    public string? Name { get; set; }
}

public sealed class ApiKeyDefinition
{
    public string? Key { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
}

public sealed class SuiteDefinition
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public Dictionary<string, List<string>>? Tags { get; set; }

    /// <summary>The life of each run a trigger request starts for this suite.</summary>
    public List<StepDefinition>? Schedule { get; set; }

    /// <summary>One schedule per run on the same build and devices, the last for every later one; exclusive with <see cref="Schedule"/>.</summary>
    public List<List<StepDefinition>>? Schedules { get; set; }
}

public sealed class FlowDefinition
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? ParentId { get; set; }
    public Dictionary<string, List<string>>? Tags { get; set; }

    /// <summary>The life of each run a trigger request starts for this root flow.</summary>
    public List<StepDefinition>? Schedule { get; set; }

    /// <summary>One schedule per run on the same build and devices, the last for every later one; exclusive with <see cref="Schedule"/>.</summary>
    public List<List<StepDefinition>>? Schedules { get; set; }
}

public sealed class RunDefinition
{
    public string? Id { get; set; }
    public string? TriggerId { get; set; }
    public string? TestSuiteId { get; set; }
    public string? TestFlowId { get; set; }
    public string? TestFramework { get; set; }
    public string? ContextId { get; set; }
    public string? EnvId { get; set; }
    public string? BuildFileId { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public DateTimeOffset? RunnerCreateTimestamp { get; set; }
    public DateTimeOffset? RunnerStartTimestamp { get; set; }
    public DateTimeOffset? RunnerEndTimestamp { get; set; }
    public List<DeviceDefinition>? TargetDeviceList { get; set; }

    /// <summary>Shorthand for a one-step schedule; exclusive with <see cref="Schedule"/>.</summary>
    public string? Status { get; set; }

    /// <summary>Goes with <see cref="Status"/>; schedule steps carry their own remark.</summary>
    public string? Remark { get; set; }

    public List<StepDefinition>? Schedule { get; set; }
}

/// <summary>More about a trigger that the document's runs make up (a trigger is the runs that share its id).</summary>
public sealed class TriggerDefinition
{
    public string? Id { get; set; }

    /// <summary>What the trigger serves as its status: a string, or an object mapping computed statuses to served ones.</summary>
    public JsonElement? Status { get; set; }
}

public sealed class DeviceDefinition
{
    public string? Platform { get; set; }
    public string? DeviceName { get; set; }
    public string? PlatformVersion { get; set; }
}

public sealed class StepDefinition
{
    public string? Status { get; set; }
    public double? Seconds { get; set; }
    public string? Remark { get; set; }
}
