using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace PantoQa.Cmdlets.Parameters;

/// <summary>
/// Checks a tag map at binding and returns it with every value as a string array, the shape
/// the API takes: @{ team = 'payments'; priority = 'p1', 'p2' }. A map that cannot be sent
/// fails the call before any request.
/// </summary>
public sealed class TagMapTransformationAttribute : ArgumentTransformationAttribute
{
    /// <summary>False for -IncludeTag: an empty include map matches every flow or suite.</summary>
    public bool AllowEmpty { get; set; }

    /// <inheritdoc/>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? bare = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (!(bare is IDictionary map))
        {
            return inputData;
        }

        if (map.Count == 0 && !AllowEmpty)
        {
            throw new ArgumentTransformationMetadataException(
                "An empty -IncludeTag @{} names no tag, so it matches every flow or suite and would start them all on every device. Name at least one tag, for example -IncludeTag @{ team = 'payments' }; to start every one on purpose, use -ExcludeTag @{}.");
        }

        var result = new Hashtable();
        foreach (DictionaryEntry entry in map)
        {
            string? name = ArgumentText.From(entry.Key);
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentTransformationMetadataException($"The tag name '{entry.Key}' cannot be used: a tag name is non-empty text.");
            }

            result[name!] = Values(name!, entry.Value);
        }

        return result;
    }

    private static string[] Values(string name, object? value)
    {
        object? bare = value is PSObject wrapped ? wrapped.BaseObject : value;
        var values = new List<string>();
        if (bare is IEnumerable many && !(bare is string) && !(bare is IDictionary))
        {
            foreach (object? item in many)
            {
                values.Add(One(name, item));
            }
        }
        else
        {
            values.Add(One(name, value));
        }

        return values.ToArray();
    }

    private static string One(string name, object? value) =>
        ArgumentText.From(value) ?? throw new ArgumentTransformationMetadataException(
            $"The tag '{name}' has a value that is not text ({(value is null ? "null" : PSObject.AsPSObject(value).BaseObject.GetType().Name)}). Give each tag a string or an array of strings, for example @{{ priority = 'p1', 'p2' }}.");
}
