using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace PantoQa.Client.Models;

/// <summary>Which trigger endpoint a request goes to.</summary>
public enum TriggerKind
{
    /// <summary>POST test-flow/trigger: root test flows.</summary>
    TestFlow,

    /// <summary>POST testsuite/trigger: test suites.</summary>
    TestSuite,
}

/// <summary>
/// The body of a trigger request: which build, which flows or suites (by one tag selector),
/// on which devices, in which environment and context. Immutable, with value equality, so a
/// caller can send each distinct request once however often it is asked for.
/// </summary>
public sealed class TriggerRequest : IEquatable<TriggerRequest>
{
    private readonly Lazy<string> _key;

    /// <exception cref="ArgumentException">A required part is missing or empty.</exception>
    public TriggerRequest(string appId, TriggerTags tags, IEnumerable<TriggerDevice> devices, string? envName = null, string? contextName = null)
    {
        if (string.IsNullOrWhiteSpace(appId))
        {
            throw new ArgumentException("The app id (build file id) is required.", nameof(appId));
        }

        AppId = appId;
        Tags = tags ?? throw new ArgumentNullException(nameof(tags));
        Devices = (devices ?? throw new ArgumentNullException(nameof(devices))).ToArray();
        if (Devices.Count == 0 || Devices.Contains(null!))
        {
            throw new ArgumentException("At least one device is required, and none may be null.", nameof(devices));
        }

        EnvName = envName;
        ContextName = contextName;
        _key = new Lazy<string>(BuildKey);
    }

    /// <summary><c>app_id</c>: the build file id.</summary>
    public string AppId { get; }

    /// <summary>Which flows or suites to start, by one tag selector.</summary>
    public TriggerTags Tags { get; }

    /// <summary>The devices every started run targets, in the order they are sent.</summary>
    public IReadOnlyList<TriggerDevice> Devices { get; }

    /// <summary><c>env_name</c>; left out of the body when null.</summary>
    public string? EnvName { get; }

    /// <summary><c>context_name</c>; left out of the body when null.</summary>
    public string? ContextName { get; }

    /// <summary>
    /// Equal for requests that ask the service for the same thing: tag names and each tag's
    /// values compare as sets, devices in order (each run targets every device anyway, but
    /// the service stores them as listed). Text compares exactly, case included.
    /// </summary>
    public string CanonicalKey => _key.Value;

    /// <summary>True when both ask the service for the same thing (see <see cref="CanonicalKey"/>).</summary>
    public bool Equals(TriggerRequest? other) => other is not null && CanonicalKey == other.CanonicalKey;

    /// <inheritdoc cref="Equals(TriggerRequest?)"/>
    public override bool Equals(object? obj) => Equals(obj as TriggerRequest);

    /// <summary>A hash of <see cref="CanonicalKey"/>, consistent with <see cref="Equals(TriggerRequest?)"/>.</summary>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(CanonicalKey);

    /// <summary>The <see cref="CanonicalKey"/>: every part of the request, on one line.</summary>
    public override string ToString() => CanonicalKey;

    private string BuildKey()
    {
        var key = new StringBuilder();
        Append(key, "app_id", AppId);
        Append(key, "selector", Tags.Selector);
        foreach (var tag in Tags.Values.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            Append(key, "tag", tag.Key);
            foreach (var value in tag.Value.Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal))
            {
                Append(key, "value", value);
            }
        }

        foreach (var device in Devices)
        {
            Append(key, "platform", device.Platform);
            Append(key, "device_name", device.DeviceName);
            Append(key, "platform_version", device.PlatformVersion);
        }

        Append(key, "env_name", EnvName);
        Append(key, "context_name", ContextName);
        return key.ToString();
    }

    // Length-prefixed, so no value can imitate a separator and make two requests look alike.
    private static void Append(StringBuilder key, string name, string? value) =>
        key.Append(name).Append(value is null ? "=-" : "=" + value.Length + ":").Append(value).Append(';');
}

/// <summary>
/// The one tag selector of a request: <c>include</c> or <c>exclude</c> (or their aliases
/// <c>include_tags</c>, <c>exclude_tags</c>), each a map of tag name to values.
/// </summary>
public sealed class TriggerTags
{
    /// <summary>The fixed tag name that matches flows by their name.</summary>
    public const string NameKey = "_$NAME";

    private static readonly string[] Selectors = { "include", "exclude", "include_tags", "exclude_tags" };

    /// <param name="selector">include, exclude, include_tags or exclude_tags.</param>
    /// <param name="values">Tag name to values; always sent as JSON arrays of strings.</param>
    public TriggerTags(string selector, IEnumerable<KeyValuePair<string, IEnumerable<string>>> values)
    {
        if (Array.IndexOf(Selectors, selector) < 0)
        {
            throw new ArgumentException($"The tag selector must be one of {string.Join(", ", Selectors)}; it was '{selector}'.", nameof(selector));
        }

        Selector = selector;
        var copy = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var pair in values ?? throw new ArgumentNullException(nameof(values)))
        {
            if (string.IsNullOrEmpty(pair.Key))
            {
                throw new ArgumentException("A tag name cannot be empty.", nameof(values));
            }

            if (copy.ContainsKey(pair.Key))
            {
                throw new ArgumentException($"The tag '{pair.Key}' is given twice.", nameof(values));
            }

            var list = (pair.Value ?? throw new ArgumentException($"The tag '{pair.Key}' has no values.", nameof(values))).ToArray();
            if (list.Contains(null!))
            {
                throw new ArgumentException($"The tag '{pair.Key}' has a null value.", nameof(values));
            }

            copy.Add(pair.Key, list);
        }

        Values = copy;
    }

    /// <summary>include, exclude, include_tags or exclude_tags: the field the tags are sent under.</summary>
    public string Selector { get; }

    /// <summary>Tag name to values, as sent under <see cref="Selector"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Values { get; }

    /// <summary><c>include</c>: the flows or suites that carry, for every tag name given, at least one of its values.</summary>
    public static TriggerTags Include(IEnumerable<KeyValuePair<string, IEnumerable<string>>> values) => new TriggerTags("include", values);

    /// <summary><c>exclude</c>: the flows or suites that carry none of the values given, under any tag name.</summary>
    public static TriggerTags Exclude(IEnumerable<KeyValuePair<string, IEnumerable<string>>> values) => new TriggerTags("exclude", values);

    /// <summary>As messages quote it: <c>include {team: [payments, identity]}</c>.</summary>
    public override string ToString() =>
        Selector + " {" + string.Join(", ", Values.Select(t => $"{t.Key}: [{string.Join(", ", t.Value)}]")) + "}";

    /// <summary>Flows by name: <c>include_tags</c> with the key <c>_$NAME</c>.</summary>
    public static TriggerTags FlowNames(IEnumerable<string> names) =>
        new TriggerTags("include_tags", new[] { new KeyValuePair<string, IEnumerable<string>>(NameKey, names) });
}

/// <summary>A device to run on, as sent: names are not changed (the service lowercases them).</summary>
public sealed class TriggerDevice
{
    /// <param name="platform">Left out of the body when null.</param>
    public TriggerDevice(string? platform, string deviceName, string platformVersion)
    {
        if (string.IsNullOrWhiteSpace(deviceName))
        {
            throw new ArgumentException("A device needs a device_name.", nameof(deviceName));
        }

        if (string.IsNullOrWhiteSpace(platformVersion))
        {
            throw new ArgumentException("A device needs a platform_version.", nameof(platformVersion));
        }

        Platform = platform;
        DeviceName = deviceName;
        PlatformVersion = platformVersion;
    }

    /// <summary>The platform, for example android; null leaves it out of the body.</summary>
    public string? Platform { get; }

    /// <summary>The device name as given; the service stores it in lowercase.</summary>
    public string DeviceName { get; }

    /// <summary>The platform version, for example 14.</summary>
    public string PlatformVersion { get; }

    /// <summary>Reads <c>platform:device name:version</c> or <c>device name:version</c>; the form <see cref="ToString"/> writes.</summary>
    /// <exception cref="FormatException">The text has another shape; the message shows the two that work.</exception>
    public static TriggerDevice Parse(string text)
    {
        string[] parts = (text ?? "").Split(':');
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = parts[i].Trim();
        }

        if ((parts.Length == 2 || parts.Length == 3) && Array.IndexOf(parts, "") < 0)
        {
            return parts.Length == 3 ? new TriggerDevice(parts[0], parts[1], parts[2]) : new TriggerDevice(null, parts[0], parts[1]);
        }

        throw new FormatException($"The device '{text}' is not 'platform:device name:version' or 'device name:version', for example 'android:Pixel 6:14'.");
    }

    /// <summary><c>platform:device name:version</c>, or <c>device name:version</c> without a platform: the form <see cref="Parse"/> reads.</summary>
    public override string ToString() => Platform is null ? $"{DeviceName}:{PlatformVersion}" : $"{Platform}:{DeviceName}:{PlatformVersion}";
}
