using System.Text.Json;
using PantoQa.Emulator.Payloads;

namespace PantoQa.Emulator.Triggers;

/// <summary>
/// One entry of a 422 body, in the shape FastAPI (pydantic 2) gives it:
/// <c>{"type": "missing", "loc": ["body", "app_id"], "msg": "Field required"}</c>.
/// </summary>
public sealed record ValidationProblem(string Type, IReadOnlyList<object> Location, string Message)
{
    private static readonly JsonEncodedText Detail = JsonEncodedText.Encode("detail");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText Loc = JsonEncodedText.Encode("loc");
    private static readonly JsonEncodedText Msg = JsonEncodedText.Encode("msg");

    public static ValidationProblem Missing(IReadOnlyList<object> location) => new("missing", location, "Field required");

    public static ValidationProblem NotString(IReadOnlyList<object> location) => new("string_type", location, "Input should be a valid string");

    public static ValidationProblem NotList(IReadOnlyList<object> location) => new("list_type", location, "Input should be a valid list");

    public static ValidationProblem NotDictionary(IReadOnlyList<object> location) => new("dict_type", location, "Input should be a valid dictionary");

    public static ValidationProblem NotObject(IReadOnlyList<object> location) =>
        new("model_attributes_type", location, "Input should be a valid dictionary or object to extract fields from");

    public static byte[] Body(IReadOnlyList<ValidationProblem> problems) =>
        JsonOutput.Write(problems, static (w, all) =>
        {
            w.WriteStartObject();
            w.WriteStartArray(Detail);
            foreach (var problem in all)
            {
                w.WriteStartObject();
                w.WriteString(TypeName, problem.Type);
                w.WriteStartArray(Loc);
                foreach (var part in problem.Location)
                {
                    if (part is int index)
                    {
                        w.WriteNumberValue(index);
                    }
                    else
                    {
                        w.WriteStringValue((string)part);
                    }
                }

                w.WriteEndArray();
                w.WriteString(Msg, problem.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
}
