// One portable schema for both backends (written by hand: `diesel print-schema` would
// give each backend its own). Types are those both backends map the same way.

diesel::table! {
    tenants (id) {
        id -> BigInt,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    units (id) {
        id -> BigInt,
        tenant_id -> BigInt,
        parent_id -> Nullable<BigInt>,
        name -> Text,
        code -> Nullable<Text>,
        org_type -> Text,
        acts_as_upper_grassroots -> Bool,
        granted_upper_grassroots_powers -> Bool,
        admission_authority_delegated -> Bool,
        has_branch_committee -> Bool,
        has_standing_committee -> Bool,
        has_inspection_commission -> Bool,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
        depth -> Integer,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    unit_closure (tenant_id, ancestor_id, descendant_id) {
        tenant_id -> BigInt,
        ancestor_id -> BigInt,
        descendant_id -> BigInt,
        distance -> Integer,
    }
}

diesel::table! {
    unit_predecessors (tenant_id, unit_id, predecessor_id) {
        tenant_id -> BigInt,
        unit_id -> BigInt,
        predecessor_id -> BigInt,
    }
}

diesel::table! {
    members (id) {
        id -> BigInt,
        tenant_id -> BigInt,
        full_name -> Text,
        name_search -> Text,
        roster_key -> Text,
        gender -> Text,
        date_of_birth -> Date,
        ethnicity -> SmallInt,
        national_id -> Nullable<Text>,
        party_card_no -> Nullable<Text>,
        phone -> Nullable<Text>,
        admission_date -> Date,
        official_date -> Nullable<Date>,
        membership -> Text,
        exempted -> Bool,
        suspended -> Bool,
        status -> Text,
        home_unit_id -> BigInt,
        temp_unit_id -> Nullable<BigInt>,
        residence_unit_id -> Nullable<BigInt>,
        state_employment -> Text,
        higher_managed_cadre -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        display_name -> Text,
        password_hash -> Text,
        disabled -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        home_tenant_id -> Nullable<BigInt>,
        home_unit_id -> Nullable<BigInt>,
        member_id -> Nullable<BigInt>,
        session_version -> BigInt,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        must_change_password -> Bool,
        password_changed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    role_assignments (id) {
        id -> BigInt,
        tenant_id -> BigInt,
        user_id -> BigInt,
        unit_id -> BigInt,
        role -> Text,
        valid_from -> Date,
        valid_to -> Nullable<Date>,
        created_at -> Timestamp,
        granted_by -> Nullable<BigInt>,
        revoked_at -> Nullable<Timestamp>,
        revoked_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        tenant_id -> BigInt,
        at -> Timestamp,
        actor_user_id -> Nullable<BigInt>,
        action -> Text,
        object_type -> Text,
        object_id -> Nullable<BigInt>,
        outcome -> Text,
        client_ip -> Nullable<Text>,
        request_id -> Nullable<Text>,
        details -> Text,
        unit_id -> Nullable<BigInt>,
        actor_client_id -> Nullable<BigInt>,
        seq -> BigInt,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    audit_heads (tenant_id) {
        tenant_id -> BigInt,
        seq -> BigInt,
        hash -> Text,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        user_id -> BigInt,
        family -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        client_ip -> Nullable<Text>,
    }
}

diesel::table! {
    service_clients (id) {
        id -> BigInt,
        tenant_id -> BigInt,
        client_id -> Text,
        name -> Text,
        unit_id -> BigInt,
        scopes -> Text,
        secret_hash -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    signing_keys (kid) {
        kid -> Text,
        private_key -> Text,
        public_key -> Text,
        created_at -> Timestamp,
        retired_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    regulations (code) {
        code -> Text,
        signed_on -> Date,
        effective_from -> Date,
        title_vi -> Text,
    }
}

diesel::table! {
    ratings (id) {
        tenant_id -> BigInt,
        id -> BigInt,
        member_id -> BigInt,
        unit_id -> BigInt,
        year -> Integer,
        period -> Text,
        quarter -> SmallInt,
        level -> Text,
        score -> Nullable<Double>,
        below_band_reasons -> Text,
        note -> Nullable<Text>,
        regulation_code -> Text,
        decision_number -> Nullable<Text>,
        decision_signed_on -> Nullable<Date>,
        quota_pct -> SmallInt,
        recorded_by -> Nullable<BigInt>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    discipline_records (id) {
        tenant_id -> BigInt,
        id -> BigInt,
        member_id -> BigInt,
        kind -> Text,
        form -> Text,
        decided_by -> Text,
        decision_number -> Text,
        decision_signed_on -> Date,
        announced_on -> Date,
        violation_on -> Date,
        violation_summary -> Text,
        effective_until -> Nullable<Date>,
        regulation_code -> Text,
        recorded_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    violations (id) {
        tenant_id -> BigInt,
        id -> BigInt,
        member_id -> BigInt,
        occurred_on -> Date,
        summary -> Text,
        source -> Nullable<Text>,
        recorded_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    monthly_records (id) {
        tenant_id -> BigInt,
        id -> BigInt,
        member_id -> BigInt,
        unit_id -> BigInt,
        month -> Date,
        attendance -> Nullable<Text>,
        absence_reason -> Nullable<Text>,
        absence_excused -> Bool,
        dues -> Nullable<Text>,
        dues_reason -> Nullable<Text>,
        dues_excused -> Bool,
        notable -> Bool,
        recorded_by -> Nullable<BigInt>,
        version -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    review_rounds (id) {
        id -> BigInt,
        tenant_id -> BigInt,
        unit_id -> BigInt,
        title -> Text,
        period_from -> Date,
        period_to -> Date,
        regulation_code -> Text,
        status -> Text,
        opened_by -> Nullable<BigInt>,
        opened_at -> Timestamp,
        closed_by -> Nullable<BigInt>,
        closed_at -> Nullable<Timestamp>,
        detected_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    cases (id) {
        tenant_id -> BigInt,
        id -> BigInt,
        member_id -> BigInt,
        unit_id -> BigInt,
        round_id -> Nullable<BigInt>,
        path -> Text,
        state -> Text,
        criteria -> Text,
        opened_by -> Nullable<BigInt>,
        opened_at -> Timestamp,
        version -> BigInt,
        removal_form -> Nullable<Text>,
        outcome -> Nullable<Text>,
        education_start -> Nullable<Date>,
        education_due -> Nullable<Date>,
        extensions -> Integer,
        self_review_requests -> Integer,
        self_review_received -> Bool,
        self_review_refused -> Bool,
        failed_rounds -> Integer,
        escalated -> Bool,
        decided_by_unit_id -> Nullable<BigInt>,
        decision_signed_on -> Nullable<Date>,
        decision_received_on -> Nullable<Date>,
        appeal_window_end -> Nullable<Date>,
        appeal_filed_on -> Nullable<Date>,
        appeal_result -> Nullable<Text>,
        final_on -> Nullable<Date>,
        family_hardship -> Bool,
        due_on -> Nullable<Date>,
        is_open -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    case_events (id) {
        tenant_id -> BigInt,
        id -> BigInt,
        case_id -> BigInt,
        transition -> Text,
        from_state -> Text,
        to_state -> Text,
        capacity -> Text,
        actor_user_id -> Nullable<BigInt>,
        actor_name -> Text,
        on_date -> Date,
        at -> Timestamp,
        note -> Nullable<Text>,
        vote_id -> Nullable<BigInt>,
        document_ids -> Text,
    }
}

diesel::table! {
    case_votes (id) {
        tenant_id -> BigInt,
        id -> BigInt,
        case_id -> BigInt,
        transition -> Text,
        body_type -> Text,
        body_unit_id -> BigInt,
        method -> Text,
        roll_full -> Nullable<Integer>,
        roll_exempted -> Nullable<Integer>,
        roll_probationers -> Nullable<Integer>,
        base -> Integer,
        present -> Integer,
        yes_votes -> Integer,
        no_votes -> Integer,
        invalid_votes -> Integer,
        rule -> Text,
        regulation -> Text,
        required_yes -> Integer,
        passed -> Bool,
        round_no -> Integer,
        held_on -> Date,
        created_at -> Timestamp,
    }
}

diesel::table! {
    case_documents (id) {
        tenant_id -> BigInt,
        id -> BigInt,
        case_id -> BigInt,
        kind -> Text,
        symbol -> Nullable<Text>,
        number -> Nullable<BigInt>,
        number_label -> Nullable<Text>,
        year -> Integer,
        issuer_unit_id -> BigInt,
        issuer_name -> Text,
        superior_name -> Text,
        place_date -> Text,
        signed_on -> Date,
        heading -> Text,
        subject -> Text,
        body -> Text,
        signing -> Text,
        on_behalf -> Nullable<Text>,
        signer_title -> Text,
        signer_name -> Text,
        recipients -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    case_helpers (id) {
        tenant_id -> BigInt,
        id -> BigInt,
        case_id -> BigInt,
        helper_member_id -> BigInt,
        resolution_id -> Nullable<BigInt>,
        from_date -> Date,
        to_date -> Nullable<Date>,
    }
}

diesel::table! {
    case_notes (id) {
        tenant_id -> BigInt,
        id -> BigInt,
        case_id -> BigInt,
        kind -> Text,
        author_user_id -> Nullable<BigInt>,
        author_name -> Text,
        written_on -> Date,
        text -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    exits (id) {
        tenant_id -> BigInt,
        id -> BigInt,
        member_id -> BigInt,
        unit_id -> BigInt,
        case_id -> BigInt,
        form -> Text,
        grounds -> Text,
        decision_number -> Nullable<Text>,
        decision_document_id -> Nullable<BigInt>,
        effective_on -> Date,
        family_hardship -> Bool,
        readmission_barred -> Bool,
        readmission_earliest -> Nullable<Date>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    calendar_days (day) {
        day -> Date,
        kind -> Text,
        name_vi -> Text,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    calendar_years (year) {
        year -> Integer,
        seeded_at -> Timestamp,
    }
}

diesel::table! {
    suggestions (id) {
        tenant_id -> BigInt,
        id -> BigInt,
        round_id -> BigInt,
        member_id -> BigInt,
        unit_id -> BigInt,
        criterion -> Text,
        source -> Text,
        reason_vi -> Text,
        evidence -> Text,
        status -> Text,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        note -> Nullable<Text>,
        case_id -> Nullable<BigInt>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    round_branches (tenant_id, round_id, unit_id) {
        tenant_id -> BigInt,
        round_id -> BigInt,
        unit_id -> BigInt,
        reviewed_by -> Nullable<BigInt>,
        reviewed_at -> Timestamp,
    }
}

diesel::table! {
    change_events (tenant_id, seq) {
        tenant_id -> BigInt,
        seq -> BigInt,
        at -> Timestamp,
        action -> Text,
        entity -> Text,
        object_id -> Nullable<BigInt>,
        unit_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    import_jobs (id) {
        tenant_id -> BigInt,
        id -> BigInt,
        unit_id -> BigInt,
        kind -> Text,
        format -> Text,
        dry_run -> Bool,
        status -> Text,
        file_name -> Nullable<Text>,
        idempotency_key -> Nullable<Text>,
        sender -> Text,
        submitted_by -> Text,
        file_sha256 -> Text,
        total_rows -> Integer,
        applied_rows -> Integer,
        problem_count -> Integer,
        problems -> Text,
        attempts -> Integer,
        created_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    tenants,
    units,
    unit_closure,
    unit_predecessors,
    members,
    users,
    role_assignments,
    audit_log,
    audit_heads,
    sessions,
    service_clients,
    signing_keys,
    settings,
    regulations,
    ratings,
    discipline_records,
    violations,
    monthly_records,
    review_rounds,
    cases,
    suggestions,
    round_branches,
    case_events,
    case_votes,
    case_documents,
    case_helpers,
    case_notes,
    exits,
    calendar_days,
    calendar_years,
    change_events,
    import_jobs,
);
