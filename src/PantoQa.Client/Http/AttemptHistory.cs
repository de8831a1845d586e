using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PantoQa.Client.Http;

/// <summary>
/// What each attempt of one call got, so a failure after retries says what happened:
/// "3 × HTTP 503, then the connection was reset".
/// </summary>
internal sealed class AttemptHistory
{
    private readonly List<string> _outcomes = new List<string>();

    internal void Add(string outcome) => _outcomes.Add(outcome);

    /// <summary>Runs of the same outcome counted, in order.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (int i = 0; i < _outcomes.Count;)
        {
            int run = 1;
            while (i + run < _outcomes.Count && _outcomes[i + run] == _outcomes[i])
            {
                run++;
            }

            if (text.Length > 0)
            {
                text.Append(", then ");
            }

            text.Append(run == 1 ? _outcomes[i] : string.Format(CultureInfo.InvariantCulture, "{0} × {1}", run, _outcomes[i]));
            i += run;
        }

        return text.ToString();
    }
}
