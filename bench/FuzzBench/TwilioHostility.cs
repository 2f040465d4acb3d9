using System.Net;
using System.Text;
using LoadBench;
using Messaging.AppHost.Demo;
using Messaging.Channels.Twilio;

namespace FuzzBench;

/// <summary>
/// Hostile Twilio posts to the café's Twilio number, each from a customer of its own
/// (<see cref="HostileIds"/>). Twilio posts one message at a time, so a bad one is the whole post.
/// A post "re-signed" carries the signature of the fields as the product will read them, so it
/// passes the signature and reaches the parser; "original signature" keeps the undamaged post's.
/// </summary>
public sealed class TwilioHostility(Webhooks webhooks, Random random, HostileIds ids)
{
    static readonly byte[] CafeNumber = Encoding.UTF8.GetBytes("To=" + WebUtility.UrlEncode("whatsapp:" + DemoAccounts.TwilioNumber));

    public IReadOnlyList<(string Kind, int Weight, Func<FuzzCase> Create)> Kinds =>
    [
        ("twilio: bytes mutated, re-signed", 8, MutatedSigned),
        ("twilio: bytes mutated, original signature", 4, MutatedForged),
        ("twilio: truncated, re-signed", 2, TruncatedSigned),
        ("twilio: truncated, original signature", 2, TruncatedForged),
        ("twilio: sender broke off mid-body", 1, BrokenOff),
        ("twilio: over the size limit, Content-Length", 1, () => Oversized(declareLength: true)),
        ("twilio: over the size limit, streamed", 1, () => Oversized(declareLength: false)),
        ("twilio: wrong, missing or malformed signature", 4, BadSignature),
        ("twilio: wrong content type", 3, WrongContentType),
        ("twilio: broken fields, signed", 8, BrokenFields),
        ("twilio: invalid percent-encoding or UTF-8, re-signed", 2, BadEncoding),
        ("twilio: huge strings, signed", 3, HugeStrings),
        ("twilio: repeated fields, signed", 2, RepeatedFields),
        ("twilio: status of a message never sent", 1, UnknownStatus),
        ("twilio: empty body", 1, EmptyBody),
    ];

    (string Customer, string Sid, KeyValuePair<string, string>[] Fields) Own()
    {
        var customer = ids.Customer();
        var sid = ids.TwilioSid();
        return (customer, sid, Webhooks.TwilioFields(customer, sid, "Fuzz", Webhooks.Question));
    }

    FuzzCase Refused(string kind, Func<HttpRequestMessage> request, IReadOnlySet<int> allowed, string customer, string sid) =>
        new(kind, true, request, allowed) { Unanswered = [customer], Refused = [sid] };

    /// <summary>Signed as the product will read it (when it can read it at all).</summary>
    HttpRequestMessage ReSigned(byte[] body) =>
        webhooks.TwilioRequest(TwilioForms.Content(body), TwilioForms.Decode(body) is { } fields ? webhooks.TwilioSignatureOf(fields) : "");

    /// <summary>Damaged until the product would read other fields than were signed.</summary>
    static byte[] Forge(KeyValuePair<string, string>[] fields, Func<byte[], byte[]> damage)
    {
        var body = TwilioForms.Encode(fields);
        while (true)
        {
            var damaged = damage(body);
            if (!TwilioForms.SameFields(TwilioForms.Decode(damaged), fields))
            {
                return damaged;
            }
        }
    }

    /// <summary>A forged post is refused (403), or 400 before the signature when it has no To, or acknowledged when it names no number of ours.</summary>
    static IReadOnlySet<int> ForgedStatuses(byte[] body) => body.AsSpan().IndexOf(CafeNumber) >= 0 ? Statuses.Of(400, 403) : Statuses.Of(200, 400, 403);

    FuzzCase MutatedSigned()
    {
        var body = ByteMutator.Mutate(TwilioForms.Encode(Own().Fields), random);
        // Still readable: answered as any message (a repeated name, which a mutation can make, is refused as unsigned).
        return new("twilio: bytes mutated, re-signed", true, () => ReSigned(body), Statuses.Of(200, 400, 403));
    }

    FuzzCase BadEncoding()
    {
        var (_, _, fields) = Own();
        string[] texts = ["%ZZ", "%C3%28", "%FF%FE", "%ED%A0%80", "%", "%%41", "%u00e9", "%00"];
        var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(TwilioForms.Encode(fields.Where(f => f.Key != "Body"))) + "&Body=" + texts[random.Next(texts.Length)] + "hours");
        // Read as the form reader reads it (what cannot be decoded stays as sent, what is not UTF-8 becomes U+FFFD): answered as any message.
        return new("twilio: invalid percent-encoding or UTF-8, re-signed", true, () => ReSigned(body), Statuses.Of(200, 400));
    }

    FuzzCase MutatedForged()
    {
        var (customer, sid, fields) = Own();
        var body = Forge(fields, b => ByteMutator.Mutate(b, random));
        var signature = webhooks.TwilioSignatureOf(fields);
        return Refused("twilio: bytes mutated, original signature", () => webhooks.TwilioRequest(TwilioForms.Content(body), signature), ForgedStatuses(body), customer, sid);
    }

    FuzzCase TruncatedSigned()
    {
        var body = ByteMutator.Truncate(TwilioForms.Encode(Own().Fields), random);
        // A shorter form is still a form: answered when what is left is a message.
        return new("twilio: truncated, re-signed", true, () => ReSigned(body), Statuses.Of(200, 400, 403));
    }

    FuzzCase TruncatedForged()
    {
        var (customer, sid, fields) = Own();
        var body = Forge(fields, b => ByteMutator.Truncate(b, random));
        var signature = webhooks.TwilioSignatureOf(fields);
        return Refused("twilio: truncated, original signature", () => webhooks.TwilioRequest(TwilioForms.Content(body), signature), ForgedStatuses(body), customer, sid);
    }

    FuzzCase BrokenOff()
    {
        var (customer, sid, fields) = Own();
        var body = TwilioForms.Encode(fields);
        var sent = random.Next(0, body.Length);
        var signature = webhooks.TwilioSignatureOf(fields);
        return Refused("twilio: sender broke off mid-body", () =>
            webhooks.TwilioRequest(new BrokenOffContent(body, sent) { Headers = { ContentType = new("application/x-www-form-urlencoded") } }, signature),
            Statuses.NoAnswer, customer, sid);
    }

    FuzzCase Oversized(bool declareLength)
    {
        var (customer, sid, fields) = Own();
        var length = FuzzLimits.MaxBodyBytes + 1 + random.Next(512 * 1024);
        var prefix = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(TwilioForms.Encode(fields)) + "&Padding=");
        var signature = webhooks.TwilioSignatureOf(fields);
        return Refused(declareLength ? "twilio: over the size limit, Content-Length" : "twilio: over the size limit, streamed", () =>
            webhooks.TwilioRequest(new OversizedContent(length, declareLength, prefix) { Headers = { ContentType = new("application/x-www-form-urlencoded") } }, signature),
            declareLength ? Statuses.TooLarge : Statuses.TooLargeWhileStreaming, customer, sid);
    }

    FuzzCase BadSignature()
    {
        var (customer, sid, fields) = Own();
        var right = webhooks.TwilioSignatureOf(fields);
        string?[] signatures =
        [
            null,
            "",
            "   ",
            TwilioSignature.Compute("not-the-auth-token", "http://127.0.0.1" + Webhooks.TwilioPath, fields),
            TwilioSignature.Compute(DemoAccounts.TwilioAuthToken, "https://attacker.example" + Webhooks.TwilioPath, fields),
            webhooks.TwilioSignatureOf(Own().Fields),
            right[..^2] + (right[^2] == 'A' ? "B=" : "A="),
            "!!!not base64!!!",
            right + right,
            RandomText.Of(random, 8000),
        ];
        var signature = signatures[random.Next(signatures.Length)];
        return Refused("twilio: wrong, missing or malformed signature", () => webhooks.TwilioRequest(TwilioForms.Content(TwilioForms.Encode(fields)), signature), Statuses.Forbidden, customer, sid);
    }

    FuzzCase WrongContentType()
    {
        var (customer, sid, fields) = Own();
        var signature = webhooks.TwilioSignatureOf(fields);
        var form = TwilioForms.Encode(fields);
        var json = Encoding.UTF8.GetBytes("{" + string.Join(',', fields.Select(f => $"\"{f.Key}\":\"{f.Value}\"")) + "}");
        (byte[] Body, string? Type)[] variants =
        [
            (json, "application/json"),
            (form, "text/plain"),
            (form, null),
            (form, "application/json"),
            (Encoding.UTF8.GetBytes("--x\r\n" + string.Concat(fields.Select(f => $"Content-Disposition: form-data; name=\"{f.Key}\"\r\n\r\n{f.Value}\r\n--x\r\n")) + "--x--\r\n"), "multipart/form-data; boundary=x"),
        ];
        var (body, type) = variants[random.Next(variants.Length)];
        return Refused("twilio: wrong content type", () => webhooks.TwilioRequest(TwilioForms.Content(body, type), signature), Statuses.Of(400, 415), customer, sid);
    }

    FuzzCase BrokenFields()
    {
        var (customer, sid, fields) = Own();
        List<KeyValuePair<string, string>> Without(params string[] names) => [.. fields.Where(f => !names.Contains(f.Key))];
        List<KeyValuePair<string, string>> With(string name, string value) => [.. fields.Where(f => f.Key != name), new(name, value)];
        var allSids = new[] { "MessageSid", "SmsMessageSid", "SmsSid" };
        (List<KeyValuePair<string, string>> Fields, IReadOnlySet<int> Allowed, bool Refused)[] variants =
        [
            (With("From", "whatsapp:+"), Statuses.BadRequest, true),
            (With("From", "whatsapp:nobody"), Statuses.BadRequest, true),
            (Without("From"), Statuses.BadRequest, true),
            (Without("To"), Statuses.BadRequest, true),
            (With("To", "whatsapp:+0"), Statuses.Ok, true),
            (With("To", ""), Statuses.BadRequest, true),
            (Without(allSids), Statuses.BadRequest, true),
            ([.. Without(allSids), new("MessageSid", "")], Statuses.BadRequest, true),
            ([.. With("MessageType", "location"), new("Latitude", "NaN"), new("Longitude", "4.89")], Statuses.BadRequest, true),
            ([.. With("MessageType", "location"), new("Latitude", "52.37"), new("Longitude", "1e999")], Statuses.BadRequest, true),
            ([.. With("MessageType", "location"), new("Latitude", "-Infinity"), new("Longitude", "4.89")], Statuses.BadRequest, true),
            ([.. With("MessageType", "location"), new("Latitude", "not a number"), new("Longitude", "4.89")], Statuses.Ok, false),
            (With("NumMedia", "-1"), Statuses.Ok, false),
            (With("NumMedia", "99999999999999999999"), Statuses.Ok, false),
            (With("NumMedia", "3"), Statuses.Ok, false),
            ([.. With("NumMedia", "1"), new("MediaUrl0", "javascript:alert(1)"), new("MediaContentType0", "x/\u0000y")], Statuses.Ok, false),
            (With("Body", ""), Statuses.Ok, false),
            (With("Body", "before\u0000after"), Statuses.Ok, false),
            (With("MessageType", "\u202Ereversed"), Statuses.Ok, false),
            (With("MessageStatus", "received"), Statuses.Ok, false),
            ([.. fields, .. Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>($"F{i}", "x"))], Statuses.BadRequest, true),
            ([.. fields, new(new string('K', 3000), "x")], Statuses.BadRequest, true),
        ];
        var (broken, allowed, refused) = variants[random.Next(variants.Length)];
        var body = TwilioForms.Encode(broken);
        var signature = webhooks.TwilioSignatureOf(broken);
        HttpRequestMessage Request() => webhooks.TwilioRequest(TwilioForms.Content(body), signature);
        return refused
            ? Refused("twilio: broken fields, signed", Request, allowed, customer, sid)
            : new("twilio: broken fields, signed", true, Request, allowed);
    }

    FuzzCase HugeStrings()
    {
        var seed = random.Next();
        var which = random.Next(4);
        var (customer, sid, _) = Own();
        // Built when sent: up to a few megabytes each.
        return new("twilio: huge strings, signed", true, () =>
        {
            var huge = new Random(seed);
            var fields = which switch
            {
                0 => Webhooks.TwilioFields(customer, sid, "Fuzz", RandomText.Of(huge, huge.Next(5_000, 3_500_000))),
                1 => Webhooks.TwilioFields(customer, sid, RandomText.Of(huge, huge.Next(5_000, 1_000_000)), Webhooks.Question),
                2 => Webhooks.TwilioFields(customer, "SM" + RandomText.Of(huge, huge.Next(300, 50_000)), "Fuzz", Webhooks.Question),
                _ => Webhooks.TwilioFields("44" + RandomText.Digits(huge, huge.Next(14, 5_000)), sid, "Fuzz", Webhooks.Question),
            };
            return webhooks.TwilioRequest(TwilioForms.Content(TwilioForms.Encode(fields)), webhooks.TwilioSignatureOf(fields));
        }, Statuses.Of(200, 400));
    }

    FuzzCase RepeatedFields()
    {
        var (_, _, fields) = Own();
        string[] names = ["From", "To", "Body", "MessageSid", "NumMedia"];
        var name = names[random.Next(names.Length)];
        var again = new KeyValuePair<string, string>(name, name switch
        {
            "From" => "whatsapp:+" + ids.Customer(),
            "To" => "whatsapp:+" + DemoAccounts.TwilioNumber.TrimStart('+')[..^1] + "9",
            "MessageSid" => ids.TwilioSid(),
            "NumMedia" => "1",
            _ => "another body",
        });
        List<KeyValuePair<string, string>> repeated = [.. fields, again];
        var body = TwilioForms.Encode(repeated);
        var signature = webhooks.TwilioSignatureOf(repeated);
        // Twilio signs every pair; the product reads each name once and does not take a post that repeats one as signed.
        return new("twilio: repeated fields, signed", true, () => webhooks.TwilioRequest(TwilioForms.Content(body), signature), Statuses.Of(200, 400, 403));
    }

    FuzzCase UnknownStatus()
    {
        var customer = ids.Customer();
        string[] states = ["sent", "delivered", "read", "failed", "undelivered", "bogus"];
        KeyValuePair<string, string>[] fields =
        [
            new("MessageSid", ids.TwilioSid()), new("MessageStatus", states[random.Next(states.Length)]), new("ErrorCode", random.Next(2) == 0 ? "63016" : "not-a-code"),
            new("AccountSid", DemoAccounts.TwilioAccountSid), new("From", "whatsapp:" + DemoAccounts.TwilioNumber), new("To", "whatsapp:+" + customer),
        ];
        var body = TwilioForms.Encode(fields);
        var signature = webhooks.TwilioSignatureOf(fields);
        return new("twilio: status of a message never sent", true, () => webhooks.TwilioRequest(TwilioForms.Content(body), signature), Statuses.Ok) { Unanswered = [customer] };
    }

    FuzzCase EmptyBody() =>
        new("twilio: empty body", true, () => webhooks.TwilioRequest(TwilioForms.Content([]), webhooks.TwilioSignatureOf([])), Statuses.BadRequest);
}
