using System.Globalization;
using System.Text;
using LoadBench;
using Messaging.AppHost.Demo;
using Messaging.Channels.Meta;

namespace FuzzBench;

/// <summary>
/// Hostile Meta webhooks to the café's number, each from a customer of its own (<see cref="HostileIds"/>),
/// and deliveries in which one message is bad and its siblings, from valid customers, are good.
/// What each may be answered follows the product's documented behaviour: bad input is a 4xx, a
/// delivery naming no number of ours is acknowledged, one bad message costs only itself.
/// </summary>
public sealed class MetaHostility(Webhooks webhooks, Random random, HostileIds ids, Func<int> nextValidIndex)
{
    public IReadOnlyList<(string Kind, int Weight, Func<FuzzCase> Create)> Kinds =>
    [
        ("meta: bytes mutated, re-signed", 8, MutatedSigned),
        ("meta: bytes mutated, original signature", 4, MutatedForged),
        ("meta: truncated", 3, Truncated),
        ("meta: sender broke off mid-body", 1, BrokenOff),
        ("meta: over the size limit, Content-Length", 1, () => Oversized(declareLength: true)),
        ("meta: over the size limit, streamed", 1, () => Oversized(declareLength: false)),
        ("meta: wrong, missing or malformed signature", 4, BadSignature),
        ("meta: wrong content type, signed", 2, WrongContentType),
        ("meta: deep nesting", 2, DeepNesting),
        ("meta: huge strings, signed", 3, HugeStrings),
        ("meta: invalid UTF-8 or a lone surrogate", 3, InvalidText),
        ("meta: NaN, infinite or impossible numbers", 3, ImpossibleNumbers),
        ("meta: duplicate keys, signed", 2, DuplicateKeys),
        ("meta: valid JSON of the wrong shape, signed", 3, WrongShape),
        ("meta: one bad message, good siblings, signed", 6, BadAmongGood),
        ("meta: good messages, forged signature", 2, ForgedDelivery),
        ("meta: status of a message never sent", 1, UnknownStatus),
        ("meta: empty body", 1, EmptyBody),
    ];

    (string Customer, string Id, byte[] Body) Own(string? textJson = null)
    {
        var customer = ids.Customer();
        var id = ids.MetaMessageId();
        return (customer, id, Webhooks.MetaDelivery([Webhooks.MetaContact(customer, "Fuzz")], [Webhooks.MetaText(customer, id, textJson ?? $"\"{Webhooks.Question}\"")]));
    }

    FuzzCase Refused(string kind, Func<HttpRequestMessage> request, IReadOnlySet<int> allowed, string customer, string id) =>
        new(kind, true, request, allowed) { Unanswered = [customer], Refused = [id] };

    FuzzCase MutatedSigned()
    {
        var mutated = ByteMutator.Mutate(Own().Body, random);
        // Still readable: answered as any message; a number mutated into another café's: its secret does not match.
        return new("meta: bytes mutated, re-signed", true, () => webhooks.SignedMeta(mutated), Statuses.Of(200, 400, 403));
    }

    FuzzCase MutatedForged()
    {
        var (customer, id, body) = Own();
        var signature = MetaSignature.Compute(DemoAccounts.MetaAppSecret, body);
        var mutated = ByteMutator.Mutate(body, random);
        // A delivery none of whose items names our number any more is acknowledged (Meta would retry for days) and dropped,
        // unsigned or not; one that still does is refused. Nothing of it may be accepted either way (Refused, Unanswered).
        var namesCafe = MetaWebhookParser.Parse(mutated, DateTimeOffset.UtcNow).Batch?.ChannelAddresses.Contains(DemoAccounts.MetaPhoneNumberId) ?? false;
        var allowed = namesCafe ? Statuses.Of(400, 403) : Statuses.Of(200, 400, 403);
        return Refused("meta: bytes mutated, original signature", () => webhooks.MetaRequest(Webhooks.Json(mutated), signature), allowed, customer, id);
    }

    FuzzCase Truncated()
    {
        var (customer, id, body) = Own();
        var cut = ByteMutator.Truncate(body, random);
        var signature = MetaSignature.Compute(DemoAccounts.MetaAppSecret, random.Next(2) == 0 ? cut : body);
        return Refused("meta: truncated", () => webhooks.MetaRequest(Webhooks.Json(cut), signature), Statuses.BadRequest, customer, id);
    }

    FuzzCase BrokenOff()
    {
        var (customer, id, body) = Own();
        var sent = random.Next(0, body.Length);
        return Refused("meta: sender broke off mid-body", () =>
        {
            var signature = MetaSignature.Compute(DemoAccounts.MetaAppSecret, body);
            return webhooks.MetaRequest(new BrokenOffContent(body, sent) { Headers = { ContentType = new("application/json") } }, signature);
        }, Statuses.NoAnswer, customer, id);
    }

    FuzzCase Oversized(bool declareLength)
    {
        var (customer, id, body) = Own();
        var length = FuzzLimits.MaxBodyBytes + 1 + random.Next(512 * 1024);
        return Refused(declareLength ? "meta: over the size limit, Content-Length" : "meta: over the size limit, streamed",
            () => webhooks.MetaRequest(new OversizedContent(length, declareLength, body[..^3]) { Headers = { ContentType = new("application/json") } }, "sha256=" + new string('0', 64)),
            declareLength ? Statuses.TooLarge : Statuses.TooLargeWhileStreaming, customer, id);
    }

    FuzzCase BadSignature()
    {
        var (customer, id, body) = Own();
        var right = MetaSignature.Compute(DemoAccounts.MetaAppSecret, body);
        string?[] signatures =
        [
            null,
            "",
            "sha256=",
            MetaSignature.Compute("not-the-app-secret", body),
            MetaSignature.Compute(DemoAccounts.MetaAppSecret, Own().Body),
            right[..^1] + (right[^1] == '0' ? '1' : '0'),
            "sha256=" + new string('z', 64),
            "sha1=" + right[7..47],
            right + "00",
            "sha256=" + RandomText.Of(random, 8000),
            " , " + right + "; garbage",
        ];
        var signature = signatures[random.Next(signatures.Length)];
        return Refused("meta: wrong, missing or malformed signature", () => webhooks.MetaRequest(Webhooks.Json(body), signature), Statuses.Forbidden, customer, id);
    }

    FuzzCase WrongContentType()
    {
        var body = Own().Body;
        string?[] types = [null, "text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=latin1"];
        var type = types[random.Next(types.Length)];
        // Signed by the app, so authentic whatever it says it is: accepted, or refused as a type not served.
        return new("meta: wrong content type, signed", true, () =>
        {
            var request = webhooks.SignedMeta(body);
            request.Content!.Headers.ContentType = type is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);
            return request;
        }, Statuses.Of(200, 400, 415));
    }

    FuzzCase DeepNesting()
    {
        var depth = random.Next(64, 20_000);
        var (open, close) = random.Next(2) == 0 ? ("[", "]") : ("{\"a\":", "}");
        var (customer, id, body) = Own(string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)));
        return Refused("meta: deep nesting", () => webhooks.SignedMeta(body), Statuses.BadRequest, customer, id);
    }

    FuzzCase HugeStrings()
    {
        var seed = random.Next();
        var which = random.Next(5);
        var customer = ids.Customer();
        var id = ids.MetaMessageId();
        // Built when sent: a few megabytes each.
        return new("meta: huge strings, signed", true, () =>
        {
            var huge = new Random(seed);
            var (from, messageId, name, text) = which switch
            {
                0 => (customer, id, "Fuzz", RandomText.Of(huge, huge.Next(5_000, 1_000_000), wide: true)),
                1 => (customer, id, RandomText.Of(huge, huge.Next(5_000, 1_000_000)), Webhooks.Question),
                2 => (customer, RandomText.Of(huge, huge.Next(300, 50_000)), "Fuzz", Webhooks.Question),
                3 => ("44" + RandomText.Digits(huge, huge.Next(14, 5_000)), id, "Fuzz", Webhooks.Question),
                _ => (customer, id, "Fuzz", RandomText.Of(huge, huge.Next(1_000_000, 3_500_000))),
            };
            return webhooks.SignedMeta(Webhooks.MetaDelivery([Webhooks.MetaContact(from, name)], [Webhooks.MetaText(from, messageId, $"\"{text}\"")]));
        }, Statuses.Of(200, 400));
    }

    /// <summary>A text whose body no text can hold: invalid UTF-8, or an escaped lone surrogate.</summary>
    byte[] UnreadableText(string customer, string id)
    {
        byte[][] bodies =
        [
            "\"\\ud800 alone\""u8.ToArray(), "\"tail \\udc00\""u8.ToArray(), "\"\\ud83d\\ud83d twice high\""u8.ToArray(),
            [(byte)'"', 0xC3, 0x28, (byte)'"'], [(byte)'"', 0xFF, 0xFE, (byte)'"'], [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'], [(byte)'"', 0xC0, 0xAF, (byte)'"'],
        ];
        return Splice(Encoding.UTF8.GetBytes(Webhooks.MetaText(customer, id, "\u0001")), bodies[random.Next(bodies.Length)]);
    }

    /// <summary>A message the product must reject alone (unreadable text, a place not on Earth, no id, no sender), with its sender and id.</summary>
    (string Customer, string? Id, byte[] Message) BadMessage()
    {
        var customer = ids.Customer();
        var id = ids.MetaMessageId();
        var time = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        byte[] Location(string latitude, string longitude) => Encoding.UTF8.GetBytes(
            $$$"""{"from":"{{{customer}}}","id":"{{{id}}}","timestamp":"{{{time}}}","type":"location","location":{"latitude":{{{latitude}}},"longitude":{{{longitude}}}}}""");
        byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
        return random.Next(9) switch
        {
            0 or 1 => (customer, id, UnreadableText(customer, id)),
            2 => (customer, id, Location("\"NaN\"", "4.89")),
            3 => (customer, id, Location("52.37", "\"-Infinity\"")),
            4 => (customer, id, Location(random.Next(2) == 0 ? "1e400" : "91", "4.89")),
            5 => (customer, null, Utf8($$$"""{"from":"{{{customer}}}","timestamp":"{{{time}}}","type":"text","text":{"body":"no id"}}""")),
            6 => (customer, null, Utf8($$$"""{"from":"{{{customer}}}","id":"","timestamp":"{{{time}}}","type":"text","text":{"body":"empty id"}}""")),
            7 => (customer, id, Utf8($$$"""{"from":{"number":"{{{customer}}}"},"id":"{{{id}}}","timestamp":"{{{time}}}","type":"text","text":{"body":"who"}}""")),
            _ => (customer, id, Utf8($$$"""{"id":"{{{id}}}","timestamp":"{{{time}}}","type":"text","text":{"body":"nobody"}}""")),
        };
    }

    /// <summary><paramref name="bytes"/> with its one U+0001 replaced by <paramref name="replacement"/>, which may be other than UTF-8 text.</summary>
    static byte[] Splice(byte[] bytes, byte[] replacement)
    {
        var at = bytes.AsSpan().IndexOf((byte)1);
        return [.. bytes[..at], .. replacement, .. bytes[(at + 1)..]];
    }

    static byte[] Delivery(IReadOnlyList<byte[]> messages) =>
        Splice(Webhooks.MetaDelivery([], ["\u0001"]), [.. messages.SelectMany((m, i) => i == 0 ? m : [(byte)',', .. m])]);

    FuzzCase InvalidText()
    {
        // Alone in its delivery nothing is usable: 400 after the signature.
        var customer = ids.Customer();
        var id = ids.MetaMessageId();
        var body = Delivery([UnreadableText(customer, id)]);
        return Refused("meta: invalid UTF-8 or a lone surrogate", () => webhooks.SignedMeta(body), Statuses.BadRequest, customer, id);
    }

    FuzzCase ImpossibleNumbers()
    {
        var customer = ids.Customer();
        var id = ids.MetaMessageId();
        var time = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        string[] coordinates = ["NaN", "\"NaN\"", "Infinity", "\"Infinity\"", "-1e400", "1e400", "91", "\"-90.5\"", "1e-400e3"];
        var latitude = coordinates[random.Next(coordinates.Length)];
        var message = $$$"""{"from":"{{{customer}}}","id":"{{{id}}}","timestamp":"{{{time}}}","type":"location","location":{"latitude":{{{latitude}}},"longitude":4.89}}""";
        var body = Webhooks.MetaDelivery([Webhooks.MetaContact(customer, "Fuzz")], [message]);
        return Refused("meta: NaN, infinite or impossible numbers", () => webhooks.SignedMeta(body), Statuses.BadRequest, customer, id);
    }

    FuzzCase DuplicateKeys()
    {
        var (customer, id, body) = Own();
        var text = Encoding.UTF8.GetString(body);
        var other = ids.Customer();
        string[] variants =
        [
            text.Replace($"\"id\":\"{id}\"", $"\"id\":\"{id}\",\"id\":\"{ids.MetaMessageId()}\"", StringComparison.Ordinal),
            text.Replace($"\"from\":\"{customer}\"", $"\"from\":\"{customer}\",\"from\":\"{other}\"", StringComparison.Ordinal),
            text.Replace($"\"phone_number_id\":\"{DemoAccounts.MetaPhoneNumberId}\"", $"\"phone_number_id\":\"{DemoAccounts.MetaPhoneNumberId}\",\"phone_number_id\":\"{DemoAccounts.SalonPhoneNumberId}\"", StringComparison.Ordinal),
            text.Replace("\"type\":\"text\"", "\"type\":\"text\",\"type\":\"location\"", StringComparison.Ordinal),
            text.Replace("\"object\":\"whatsapp_business_account\"", "\"object\":\"whatsapp_business_account\",\"object\":\"page\"", StringComparison.Ordinal),
            text.Replace("\"messages\":[", "\"messages\":[],\"messages\":[", StringComparison.Ordinal),
        ];
        var duplicated = Encoding.UTF8.GetBytes(variants[random.Next(variants.Length)]);
        return new("meta: duplicate keys, signed", true, () => webhooks.SignedMeta(duplicated), Statuses.Of(200, 400, 403));
    }

    FuzzCase WrongShape()
    {
        var text = Encoding.UTF8.GetString(Own().Body);
        string[] shapes =
        [
            "[]", "\"whatsapp_business_account\"", "42", "null", "true", "{}",
            """{"object":"page","entry":[]}""",
            """{"object":"whatsapp_business_account"}""",
            """{"object":"whatsapp_business_account","entry":{}}""",
            """{"object":"whatsapp_business_account","entry":[]}""",
            """{"object":"whatsapp_business_account","entry":[1,"x",null,[]]}""",
            """{"object":"whatsapp_business_account","entry":[{"changes":{"field":"messages"}}]}""",
            """{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":[]}]}]}""",
            text.Replace("\"messages\":[", "\"messages\":[42,", StringComparison.Ordinal),
            text.Replace("\"text\":{\"body\":", "\"text\":[", StringComparison.Ordinal).Replace("\"}}]}}]}]}", "\"]}]}}]}]}", StringComparison.Ordinal),
            text.Replace($"\"phone_number_id\":\"{DemoAccounts.MetaPhoneNumberId}\"", $"\"phone_number_id\":{DemoAccounts.MetaPhoneNumberId}", StringComparison.Ordinal),
            text.Replace("\"type\":\"text\"", "\"type\":{\"x\":1}", StringComparison.Ordinal),
            text.Replace("\"metadata\":{", "\"metadata\":[{", StringComparison.Ordinal).Replace("\"},\"contacts\"", "\"}],\"contacts\"", StringComparison.Ordinal),
            text.Replace("\"timestamp\":\"", "\"timestamp\":\"-", StringComparison.Ordinal),
        ];
        var shape = Encoding.UTF8.GetBytes(shapes[random.Next(shapes.Length)]);
        return new("meta: valid JSON of the wrong shape, signed", true, () => webhooks.SignedMeta(shape), Statuses.Of(200, 400));
    }

    FuzzCase BadAmongGood()
    {
        var (badCustomer, badId, bad) = BadMessage();
        var good = Enumerable.Range(0, random.Next(1, 4)).Select(_ => nextValidIndex()).ToList();
        // U+0000, which PostgreSQL cannot store, is dropped from a text, never its message.
        string GoodText(int index) => Webhooks.MetaText(webhooks.Customer(index), webhooks.MetaMessageId(index),
            random.Next(4) == 0 ? "\"what are your opening\\u0000 hours?\"" : $"\"{Webhooks.Question}\"");
        var messages = good.Select(index => Encoding.UTF8.GetBytes(GoodText(index))).ToList();
        messages.Insert(random.Next(messages.Count + 1), bad);
        var body = Delivery(messages);
        return new("meta: one bad message, good siblings, signed", true, () => webhooks.SignedMeta(body), Statuses.Ok)
        {
            Answered = [.. good.Select(webhooks.Customer)],
            Accepted = [.. good.Select(webhooks.MetaMessageId)],
            Unanswered = [badCustomer],
            Refused = badId is null ? [] : [badId],
        };
    }

    FuzzCase ForgedDelivery()
    {
        var customers = Enumerable.Range(0, random.Next(1, 4)).Select(_ => (Customer: ids.Customer(), Id: ids.MetaMessageId())).ToList();
        var body = Webhooks.MetaDelivery(customers.Select(c => Webhooks.MetaContact(c.Customer, "Fuzz")), customers.Select(c => Webhooks.MetaText(c.Customer, c.Id, $"\"{Webhooks.Question}\"")));
        return new("meta: good messages, forged signature", true, () => webhooks.MetaRequest(Webhooks.Json(body), MetaSignature.Compute("an-attacker's-guess", body)), Statuses.Forbidden)
        {
            Unanswered = [.. customers.Select(c => c.Customer)],
            Refused = [.. customers.Select(c => c.Id)],
        };
    }

    FuzzCase UnknownStatus()
    {
        var customer = ids.Customer();
        var time = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        string[] states = ["sent", "delivered", "read", "failed", "deleted", "warning"];
        var status = $$$"""{"id":"{{{ids.MetaMessageId()}}}","status":"{{{states[random.Next(states.Length)]}}}","timestamp":"{{{time}}}","recipient_id":"{{{customer}}}","errors":[{"code":131047,"title":"Re-engagement message"}]}""";
        var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Webhooks.MetaDelivery([], [])).Replace("\"messages\":[]", $"\"statuses\":[{status}]", StringComparison.Ordinal));
        return new("meta: status of a message never sent", true, () => webhooks.SignedMeta(body), Statuses.Ok) { Unanswered = [customer] };
    }

    FuzzCase EmptyBody()
    {
        var signed = random.Next(2) == 0;
        return new("meta: empty body", true, () => signed ? webhooks.SignedMeta([]) : webhooks.MetaRequest(Webhooks.Json([]), null), Statuses.BadRequest);
    }
}
