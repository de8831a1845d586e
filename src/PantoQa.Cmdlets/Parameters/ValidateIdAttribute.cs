using System.Collections;
using System.Management.Automation;
using PantoQa.Client.Http;

namespace PantoQa.Cmdlets.Parameters;

/// <summary>
/// Refuses ids that could never be sent as one path segment (empty, whitespace, control
/// characters, '.', '..', absurd lengths) before any request is made.
/// </summary>
public sealed class ValidateIdAttribute : ValidateArgumentsAttribute
{
    /// <summary>Throws <see cref="ValidationMetadataException"/> for the first id that could not be sent, saying why.</summary>
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (arguments is IEnumerable many && !(arguments is string))
        {
            foreach (object? one in many)
            {
                ValidateOne(one);
            }

            return;
        }

        ValidateOne(arguments);
    }

    private static void ValidateOne(object? argument)
    {
        string? id = argument is PSObject wrapped ? wrapped.BaseObject as string : argument as string;
        string? problem = ApiPaths.Validate(id);
        if (problem is not null)
        {
            throw new ValidationMetadataException($"The id cannot be used: {problem}. Pass the id exactly as the trigger response or Get-PantoTriggerRuns gives it.");
        }
    }
}
