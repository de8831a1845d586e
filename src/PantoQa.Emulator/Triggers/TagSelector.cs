using PantoQa.Emulator.Store;

namespace PantoQa.Emulator.Triggers;

/// <summary>
/// The one selector of a trigger request. Include: an entry matches when, for every tag name
/// given, it carries at least one of the values (AND across names, OR within one). Exclude: an
/// entry matches when it carries none of the values given under any name. <c>_$NAME</c> stands
/// for a flow's own name; suites have no such key, so there it is an ordinary tag name.
/// </summary>
public sealed record TagSelector(bool Include, IReadOnlyDictionary<string, IReadOnlyList<string>> Tags)
{
    public const string NameKey = "_$NAME";

    public bool Matches(string name, TagSet? tags, bool nameIsATag)
    {
        foreach (var (tag, wanted) in Tags)
        {
            var carried = nameIsATag && tag == NameKey
                ? [name]
                : tags?.Values.GetValueOrDefault(tag) ?? [];
            var hit = wanted.Any(v => carried.Contains(v, StringComparer.Ordinal));
            if (Include != hit)
            {
                return false;
            }
        }

        return true;
    }
}
